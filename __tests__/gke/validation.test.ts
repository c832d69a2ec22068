import { ValidationError } from '../../constructs/core/errors';
import {
  checkAuthorizedNetworks,
  checkDisjoint,
  checkGcpLabels,
  checkMachineType,
  checkPoolSize,
  checkProjectId,
  checkRegion,
  checkTimeOfDay,
  parseCidr,
  regionOfZone,
} from '../../constructs/gke/validation';

describe('GKE input validation', () => {
  it('parses IPv4 CIDR blocks', () => {
    expect(parseCidr('f', '203.0.113.7/32')).toEqual({ block: '203.0.113.7/32', start: 0xcb007107, prefix: 32 });
    expect(parseCidr('f', '10.0.0.0/8')).toMatchObject({ start: 0x0a000000, prefix: 8 });
  });

  it.each(['', '10.0.0.0', '10.0.0/8', '256.0.0.0/8', '10.0.0.0/33', 'fd00::/8', 'example.com/32', ' /0'])(
    'refuses %j as a CIDR block',
    (block) => {
      expect(() => parseCidr('GkeCluster.authorizedNetworks[0]', block)).toThrow(ValidationError);
    },
  );

  it('refuses a block with host bits set and names the network address', () => {
    expect(() => parseCidr('f', '203.0.113.7/24')).toThrow('host bits are set: the block is 203.0.113.0/24');
  });

  it('refuses 0.0.0.0/0 and blocks shorter than /8 as authorized networks', () => {
    expect(() => checkAuthorizedNetworks('net', ['203.0.113.7/32', '0.0.0.0/0'])).toThrow(
      /net\[1\]: invalid value "0.0.0.0\/0": this opens the Kubernetes API server/,
    );
    expect(() => checkAuthorizedNetworks('net', ['128.0.0.0/1'])).toThrow(/opens the Kubernetes API server/);
    expect(() => checkAuthorizedNetworks('net', ['16.0.0.0/4'])).toThrow(/opens the Kubernetes API server/);
  });

  it('requires at least one authorized network', () => {
    expect(() => checkAuthorizedNetworks('net', [])).toThrow(/expected at least one CIDR block/);
  });

  it('accepts specific networks', () => {
    expect(checkAuthorizedNetworks('net', ['203.0.113.7/32', '10.0.0.0/8']).map((cidr) => cidr.prefix)).toEqual([32, 8]);
  });

  it('detects overlapping ranges', () => {
    const ranges = { nodes: parseCidr('a', '10.0.0.0/16'), pods: parseCidr('b', '10.0.128.0/20') };
    expect(() => checkDisjoint('ranges', ranges)).toThrow(
      'ranges.pods: invalid value "10.0.128.0/20": overlaps the nodes range 10.0.0.0/16',
    );
    expect(() => checkDisjoint('ranges', { a: parseCidr('a', '10.0.0.0/16'), b: parseCidr('b', '10.1.0.0/16') })).not.toThrow();
  });

  it.each(['us-central1', 'europe-west1', 'northamerica-northeast2', 'me-central2'])('accepts the region %s', (region) => {
    expect(checkRegion('region', region)).toBe(region);
  });

  it.each(['us-central', 'US-CENTRAL1', 'uscentral1', 'europe_west1', ''])('refuses the region %j', (region) => {
    expect(() => checkRegion('region', region)).toThrow(ValidationError);
  });

  it('explains when a zone is given as the region', () => {
    expect(() => checkRegion('region', 'europe-west1-b')).toThrow('"europe-west1-b" is a zone; its region is "europe-west1"');
  });

  it('derives the region of a zone and refuses non-zones', () => {
    expect(regionOfZone('zone', 'europe-west4-a')).toBe('europe-west4');
    expect(() => regionOfZone('zone', 'europe-west4')).toThrow(/expected a zone/);
    expect(() => regionOfZone('zone', 'europe-west4-ab')).toThrow(/expected a zone/);
  });

  it('checks project ids', () => {
    expect(checkProjectId('p', 'my-project-123')).toBe('my-project-123');
    for (const bad of ['My-Project', 'short', '1project', 'project-', 'a'.repeat(31), 'my_project']) {
      expect(() => checkProjectId('p', bad)).toThrow(ValidationError);
    }
  });

  it('checks machine types', () => {
    for (const good of ['e2-standard-4', 'n2d-highmem-8', 'g2-standard-4', 'a2-highgpu-1g', 'e2-custom-4-16384']) {
      expect(checkMachineType('m', good)).toBe(good);
    }
    for (const bad of ['e2', 'E2-standard-4', 'e2 standard 4', '']) expect(() => checkMachineType('m', bad)).toThrow(ValidationError);
  });

  it('refuses a pool maximum below its minimum', () => {
    expect(() => checkPoolSize('GkeCluster.workerPool', 3, 2)).toThrow(
      'GkeCluster.workerPool.maxNodes: invalid value 2: must be at least minNodes (3)',
    );
    expect(checkPoolSize('pool', 0, 5)).toEqual({ min: 0, max: 5 });
    expect(() => checkPoolSize('pool', 0, 0)).toThrow(/maxNodes/);
    expect(() => checkPoolSize('pool', 0, 3, 1)).toThrow(/minNodes/);
  });

  it('checks Google Cloud labels and the maintenance time', () => {
    expect(checkGcpLabels('l', { team: 'data-science', cost_center: '42' })).toEqual({ team: 'data-science', cost_center: '42' });
    expect(() => checkGcpLabels('l', { Team: 'x' })).toThrow(ValidationError);
    expect(() => checkGcpLabels('l', { team: 'Data' })).toThrow(ValidationError);
    expect(checkTimeOfDay('t', '23:30')).toBe('23:30');
    expect(() => checkTimeOfDay('t', '24:00')).toThrow(ValidationError);
  });
});
