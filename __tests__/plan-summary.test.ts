import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliIo, EXIT_BAD_INPUT, run } from '../scripts/plan-summary/cli';
import { parsePlan, PlanFormatError, ResourceChange, TerraformPlan } from '../scripts/plan-summary/plan-format';
import { STATEFUL_TYPES } from '../scripts/plan-summary/stateful-types';
import { classify, summarizePlan } from '../scripts/plan-summary/summarize';

/*
 * The fixtures follow Terraform's documented JSON plan format
 * (https://developer.hashicorp.com/terraform/internals/json-format). They are
 * `terraform show -json` of the `local` stack (Terraform 1.11.4) with
 * attribute values cut down to a few, in the situations a reviewer meets.
 */
const FIXTURES = join(__dirname, 'fixtures', 'plans');

function fixturePath(name: string): string {
  return join(FIXTURES, `${name}.json`);
}

function fixture(name: string): TerraformPlan {
  return parsePlan(JSON.parse(readFileSync(fixturePath(name), 'utf8')));
}

function lines(markdown: string): string[] {
  return markdown.split('\n');
}

/** Rows of the per-type table, without its header. */
function tableRows(markdown: string): string[] {
  return lines(markdown).filter((line) => line.startsWith('| `'));
}

function cautionLines(markdown: string): string[] {
  return lines(markdown).filter((line) => line.startsWith('> '));
}

function plan(resourceChanges: ResourceChange[], extra: Partial<TerraformPlan> = {}): TerraformPlan {
  return parsePlan({ format_version: '1.2', planned_values: {}, resource_changes: resourceChanges, ...extra });
}

function rc(address: string, actions: string[], extra: Partial<ResourceChange> = {}): ResourceChange {
  const [type, rest] = address.split('.');
  return { address, mode: 'managed', type, name: rest.replace(/\[.*$/, ''), change: { actions }, ...extra };
}

const VOLUME = 'docker_volume.dask_notebook_volume-notebooks_09467903';
const CA = 'tls_self_signed_cert.dask_tls_ca_AE9E1082';

describe('classify', () => {
  it.each([
    [['create'], 'create'],
    [['update'], 'update'],
    [['delete', 'create'], 'replace'],
    [['create', 'delete'], 'replace'],
    [['delete'], 'destroy'],
    [['no-op'], 'no-op'],
    [['read'], 'read'],
    [['forget'], 'forget'],
    [['delete', 'update'], 'unknown'],
  ])('%j is %s', (actions, kind) => {
    expect(classify(actions)).toBe(kind);
  });
});

describe('summarizePlan on plan fixtures', () => {
  it('create-only: totals, one row per type and every output', () => {
    const md = summarizePlan(fixture('create-only'));
    expect(lines(md)[0]).toBe('### Terraform plan: 25 to create, 0 to update, 0 to replace, 0 to destroy');
    expect(tableRows(md)).toEqual([
      '| `docker_container` | 7 | 0 | 0 | 0 |',
      '| `docker_image` | 1 | 0 | 0 | 0 |',
      '| `docker_network` | 1 | 0 | 0 | 0 |',
      '| `docker_volume` | 4 | 0 | 0 | 0 |',
      '| `random_password` | 1 | 0 | 0 | 0 |',
      '| `tls_cert_request` | 3 | 0 | 0 | 0 |',
      '| `tls_locally_signed_cert` | 3 | 0 | 0 | 0 |',
      '| `tls_private_key` | 4 | 0 | 0 | 0 |',
      '| `tls_self_signed_cert` | 1 | 0 | 0 | 0 |',
    ]);
    expect(md).toContain(
      '**Outputs:** `dashboard_url` (create), `image_name` (create), `jupyter_url` (create), `scheduler_address` (create)',
    );
    // Creating stateful resources is not dangerous.
    expect(md).not.toContain('[!CAUTION]');
  });

  it('scale-one-worker: one new counted container and nothing else', () => {
    const md = summarizePlan(fixture('scale-one-worker'));
    expect(lines(md)[0]).toBe('### Terraform plan: 1 to create, 0 to update, 0 to replace, 0 to destroy');
    expect(tableRows(md)).toEqual(['| `docker_container` | 1 | 0 | 0 | 0 |']);
    expect(md).toContain('<details><summary>Changed resources (1)</summary>');
    expect(md).toContain('- create `docker_container.dask_workers-default_container_F9B9DF2D[2]`');
    expect(md).not.toContain('[!CAUTION]');
    expect(md).not.toContain('**Outputs:**');
  });

  it('image-change: replaces the image and its containers, no caution', () => {
    const md = summarizePlan(fixture('image-change'));
    expect(lines(md)[0]).toBe('### Terraform plan: 0 to create, 0 to update, 8 to replace, 0 to destroy');
    expect(tableRows(md)).toEqual(['| `docker_container` | 0 | 0 | 7 | 0 |', '| `docker_image` | 0 | 0 | 1 | 0 |']);
    expect(md).toContain('**Outputs:** `image_name` (update)');
    expect(md).not.toContain('[!CAUTION]');
  });

  it('replace-volume-and-ca: a caution block names each stateful replace, its cause and the reason', () => {
    const md = summarizePlan(fixture('replace-volume-and-ca'));
    expect(lines(md)[0]).toBe('### Terraform plan: 0 to create, 0 to update, 6 to replace, 0 to destroy');
    expect(cautionLines(md)).toEqual([
      '> [!CAUTION]',
      '> ⚠️ **This plan replaces or destroys stateful resources.** Make sure this is intended and that their data is backed up:',
      `> - \`docker_volume\`: ${STATEFUL_TYPES.docker_volume}.`,
      `>   - **replace** \`${VOLUME}\` (forced by \`name\`)`,
      `> - \`tls_locally_signed_cert\`: ${STATEFUL_TYPES.tls_locally_signed_cert}.`,
      '>   - **replace** `tls_locally_signed_cert.dask_tls_client_cert_C794721D` (forced by `ca_cert_pem`)',
      '>   - **replace** `tls_locally_signed_cert.dask_tls_scheduler_cert_A7274D3F` (forced by `ca_cert_pem`)',
      '>   - **replace** `tls_locally_signed_cert.dask_tls_worker-default_cert_459C5093` (forced by `ca_cert_pem`)',
      `> - \`tls_self_signed_cert\`: ${STATEFUL_TYPES.tls_self_signed_cert}.`,
      `>   - **replace** \`${CA}\` (forced by \`validity_period_hours\`)`,
    ]);
    // The replaced container is counted, but it is not stateful.
    expect(tableRows(md)).toContain('| `docker_container` | 0 | 0 | 1 | 0 |');
    expect(cautionLines(md).join('\n')).not.toContain('docker_container');
  });

  it('destroy: every stateful resource is in the caution block and outputs are removed', () => {
    const md = summarizePlan(fixture('destroy'));
    expect(lines(md)[0]).toBe('### Terraform plan: 0 to create, 0 to update, 0 to replace, 25 to destroy');
    const caution = cautionLines(md);
    expect(caution[0]).toBe('> [!CAUTION]');
    expect(caution).toContain(`>   - **destroy** \`${VOLUME}\``);
    expect(caution).toContain(`>   - **destroy** \`${CA}\``);
    expect(caution).toContain('>   - **destroy** `tls_private_key.dask_tls_ca-key_B8EAFE2E`');
    expect(caution).toContain('>   - **destroy** `random_password.dask_notebook_token_password_AA44DCF6`');
    expect(caution.join('\n')).not.toMatch(/docker_container|docker_network|tls_cert_request/);
    expect(md).toContain(
      '**Outputs:** `dashboard_url` (remove), `image_name` (remove), `jupyter_url` (remove), `scheduler_address` (remove)',
    );
  });

  it('no-changes: a plan of no-ops only says "No changes."', () => {
    expect(summarizePlan(fixture('no-changes'))).toBe('### Terraform plan: No changes.\n');
  });
});

describe('summarizePlan details', () => {
  it('says "No changes." for a configuration without resources (Terraform omits resource_changes)', () => {
    expect(summarizePlan(parsePlan({ format_version: '1.2', planned_values: { root_module: {} } }))).toBe(
      '### Terraform plan: No changes.\n',
    );
  });

  it('puts the title in the heading', () => {
    const md = summarizePlan(plan([rc('docker_network.n', ['create'])]), { title: 'Plan for local' });
    expect(lines(md)[0]).toBe('### Plan for local: 1 to create, 0 to update, 0 to replace, 0 to destroy');
  });

  it('puts the note under the heading, also when nothing changes', () => {
    const note = 'This plan starts from an empty state.';
    expect(lines(summarizePlan(plan([rc('docker_network.n', ['create'])]), { note })).slice(0, 4)).toEqual([
      '### Terraform plan: 1 to create, 0 to update, 0 to replace, 0 to destroy',
      '',
      '> [!NOTE]',
      `> ${note}`,
    ]);
    expect(summarizePlan(plan([]), { note })).toBe(`### Terraform plan: No changes.\n\n> [!NOTE]\n> ${note}\n`);
  });

  it('counts a Kubernetes replica change as one update', () => {
    const md = summarizePlan(plan([rc('kubernetes_deployment_v1.workers', ['update']), rc('kubernetes_service_v1.scheduler', ['no-op'])]));
    expect(lines(md)[0]).toBe('### Terraform plan: 0 to create, 1 to update, 0 to replace, 0 to destroy');
    expect(tableRows(md)).toEqual(['| `kubernetes_deployment_v1` | 0 | 1 | 0 | 0 |']);
  });

  it('ignores data sources that are read', () => {
    const md = summarizePlan(plan([rc('google_client_config.current', ['read'], { mode: 'data' })]));
    expect(md).toBe('### Terraform plan: No changes.\n');
  });

  it('reports output-only changes', () => {
    const md = summarizePlan(plan([], { output_changes: { image_name: { actions: ['update'] } } }));
    expect(lines(md)[0]).toBe('### Terraform plan: 0 to create, 0 to update, 0 to replace, 0 to destroy');
    expect(md).toContain('**Outputs:** `image_name` (update)');
  });

  it.each(Object.keys(STATEFUL_TYPES))('cautions on a destroy of %s, with its reason', (type) => {
    const md = summarizePlan(plan([rc(`${type}.main`, ['delete'])]));
    expect(cautionLines(md)).toEqual(
      expect.arrayContaining([`> - \`${type}\`: ${STATEFUL_TYPES[type]}.`, `>   - **destroy** \`${type}.main\``]),
    );
  });

  it('covers every stateful resource the cluster creates', () => {
    expect(Object.keys(STATEFUL_TYPES)).toEqual(
      expect.arrayContaining([
        'docker_volume',
        'kubernetes_persistent_volume_claim_v1',
        'tls_private_key',
        'tls_self_signed_cert',
        'tls_locally_signed_cert',
        'random_password',
        'google_container_cluster',
        'google_container_node_pool',
        'google_artifact_registry_repository',
        'google_compute_network',
      ]),
    );
  });

  it('does not caution on an in-place update of a stateful resource', () => {
    const md = summarizePlan(plan([rc('google_container_node_pool.workers', ['update'])]));
    expect(md).not.toContain('[!CAUTION]');
  });

  it('explains a replace from action_reason when there are no replace_paths', () => {
    const md = summarizePlan(plan([rc(CA, ['delete', 'create'], { action_reason: 'replace_because_tainted' })]));
    expect(cautionLines(md)).toContain(`>   - **replace** \`${CA}\` (tainted)`);
  });

  it('formats nested replace paths', () => {
    const change = rc('google_container_node_pool.workers', ['create', 'delete']);
    const md = summarizePlan(plan([{ ...change, change: { ...change.change, replace_paths: [['node_config', 0, 'machine_type']] } }]));
    expect(cautionLines(md)).toContain('>   - **replace** `google_container_node_pool.workers` (forced by `node_config[0].machine_type`)');
  });

  it('marks deposed objects', () => {
    const md = summarizePlan(plan([rc(VOLUME, ['delete'], { deposed: '00000001' })]));
    expect(cautionLines(md)).toContain(`>   - **destroy** \`${VOLUME}\` (deposed object \`00000001\`)`);
  });

  it('counts imports and moves in the heading and the list', () => {
    const md = summarizePlan(
      plan([
        rc('docker_network.n', ['no-op'], { previous_address: 'docker_network.old' }),
        { ...rc('docker_volume.v', ['no-op']), change: { actions: ['no-op'], importing: { id: 'v' } } },
      ]),
    );
    expect(lines(md)[0]).toBe('### Terraform plan: 0 to create, 0 to update, 0 to replace, 0 to destroy, 1 to import, 1 moved');
    expect(md).toContain('- `docker_network.n` (moved from `docker_network.old`)');
    expect(md).toContain('- `docker_volume.v` (import)');
  });

  it('warns about action combinations it does not know instead of dropping them', () => {
    const md = summarizePlan(plan([rc('docker_network.n', ['delete', 'update'])]));
    expect(lines(md)[0]).toBe('### Terraform plan: 0 to create, 0 to update, 0 to replace, 0 to destroy, 1 with unrecognised actions');
    expect(md).toContain('> [!WARNING]\n> Actions this summary does not know; read the full plan: `docker_network.n` (delete, update)');
  });

  it('never prints attribute or output values (terraform show -json has sensitive ones in clear)', () => {
    const json = {
      format_version: '1.2',
      planned_values: {},
      resource_changes: [
        {
          ...rc('random_password.token', ['delete', 'create']),
          change: { actions: ['delete', 'create'], before: { result: 's3cr3t-old' }, after: { result: 's3cr3t-new' } },
        },
      ],
      output_changes: { jupyter_url: { actions: ['update'], before: 'http://127.0.0.1:8888/?token=s3cr3t-old', after: null } },
    };
    const md = summarizePlan(parsePlan(json));
    expect(md).toContain('**replace** `random_password.token`');
    expect(md).not.toContain('s3cr3t');
  });

  it('lists at most maxListed addresses', () => {
    const changes = Array.from({ length: 60 }, (_, i) => rc(`docker_container.w[${i}]`, ['create']));
    const md = summarizePlan(plan(changes), { maxListed: 50 });
    expect(md).toContain('- create `docker_container.w[49]`');
    expect(md).not.toContain('`docker_container.w[50]`');
    expect(md).toContain('- … and 10 more');
  });
});

describe('parsePlan', () => {
  it('accepts every fixture', () => {
    for (const name of ['create-only', 'scale-one-worker', 'image-change', 'replace-volume-and-ca', 'destroy', 'no-changes']) {
      expect(() => fixture(name)).not.toThrow();
    }
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'plan'],
  ])('rejects %s', (_, json) => {
    expect(() => parsePlan(json)).toThrow(
      new PlanFormatError('not a Terraform JSON plan: expected a JSON object (the output of `terraform show -json <planfile>`)'),
    );
  });

  it('rejects the JSON of a state with a hint', () => {
    expect(() => parsePlan({ format_version: '1.0', values: { root_module: {} } })).toThrow(/JSON of a Terraform state, not of a plan/);
  });

  it('rejects input without format_version', () => {
    expect(() => parsePlan({ planned_values: {}, resource_changes: [] })).toThrow(/^not a Terraform JSON plan: format_version: /);
  });

  it('rejects an unsupported major format version', () => {
    expect(() => parsePlan({ format_version: '2.0', planned_values: {} })).toThrow(
      /format_version: unsupported format_version: expected 1\.x/,
    );
  });

  it('rejects input without planned_values', () => {
    expect(() => parsePlan({ format_version: '1.2', resource_changes: [] })).toThrow(/planned_values: /);
  });

  it('names the malformed resource change', () => {
    const json = {
      format_version: '1.2',
      planned_values: {},
      resource_changes: [rc('docker_network.n', ['create']), { address: 'x.y', type: 'x', name: 'y', mode: 'managed' }],
    };
    expect(() => parsePlan(json)).toThrow(/resource_changes\[1\]\.change: /);
  });

  it('rejects empty actions', () => {
    const json = { format_version: '1.2', planned_values: {}, resource_changes: [rc('docker_network.n', [])] };
    expect(() => parsePlan(json)).toThrow(/resource_changes\[0\]\.change\.actions: /);
  });
});

describe('plan-summary CLI', () => {
  function io(files: Record<string, string>): CliIo & { out: string; err: string } {
    const captured = { out: '', err: '' };
    return Object.assign(captured, {
      readFile: (path: string) => {
        if (!(path in files)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
        return files[path];
      },
      stdout: (text: string) => {
        captured.out += text;
      },
      stderr: (text: string) => {
        captured.err += text;
      },
    });
  }

  it('prints the summary and exits 0', () => {
    const fake = io({ 'plan.json': readFileSync(fixturePath('scale-one-worker'), 'utf8') });
    expect(run(['plan.json', '--title', 'Plan for local', '--note', 'Empty state.'], fake)).toBe(0);
    expect(lines(fake.out).slice(0, 4)).toEqual([
      '### Plan for local: 1 to create, 0 to update, 0 to replace, 0 to destroy',
      '',
      '> [!NOTE]',
      '> Empty state.',
    ]);
    expect(fake.err).toBe('');
  });

  it('exits 2 with usage when the file is missing from the command line', () => {
    const fake = io({});
    expect(run([], fake)).toBe(EXIT_BAD_INPUT);
    expect(fake.err).toContain('expected one plan file, got 0');
    expect(fake.err).toContain('usage: npm run --silent plan-summary');
    expect(fake.out).toBe('');
  });

  it('exits 2 on an unknown option', () => {
    const fake = io({});
    expect(run(['plan.json', '--colour'], fake)).toBe(EXIT_BAD_INPUT);
    expect(fake.err).toContain('--colour');
  });

  it('exits 2 on an unreadable file', () => {
    const fake = io({});
    expect(run(['missing.json'], fake)).toBe(EXIT_BAD_INPUT);
    expect(fake.err).toMatch(/^plan-summary: missing\.json: cannot read: ENOENT/);
  });

  it('exits 2 on text that is not JSON, e.g. the binary plan', () => {
    const fake = io({ 'plan.bin': 'PK\u0003\u0004 binary' });
    expect(run(['plan.bin'], fake)).toBe(EXIT_BAD_INPUT);
    expect(fake.err).toMatch(/^plan-summary: plan\.bin: not JSON \(.*\); pass the output of `terraform show -json <planfile>`/);
    expect(fake.out).toBe('');
  });

  it('exits 2 on JSON that is not a plan', () => {
    const fake = io({ 'state.json': '{"format_version":"1.0","values":{}}' });
    expect(run(['state.json'], fake)).toBe(EXIT_BAD_INPUT);
    expect(fake.err).toMatch(/^plan-summary: state\.json: this is the JSON of a Terraform state/);
  });

  it('runs as a script with the exit codes above', () => {
    const script = join(__dirname, '..', 'scripts', 'plan-summary.ts');
    const ok = spawnSync(process.execPath, ['--import', 'tsx', script, fixturePath('image-change')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(lines(ok.stdout)[0]).toBe('### Terraform plan: 0 to create, 0 to update, 8 to replace, 0 to destroy');
    const bad = spawnSync(process.execPath, ['--import', 'tsx', script, join(FIXTURES, 'no-such-plan.json')], { encoding: 'utf8' });
    expect(bad.status).toBe(EXIT_BAD_INPUT);
    expect(bad.stderr).toContain('cannot read');
    expect(bad.stdout).toBe('');
  });
});
