import * as fs from 'fs';
import * as path from 'path';

/**
 * Peak RSS and CPU time of every Node.js process a command starts, measured
 * from inside: a preload (`NODE_OPTIONS=--require probe.cjs`) appends
 * `process.resourceUsage()` (getrusage of the whole process, all threads) to
 * a file when the process exits. This needs no `/usr/bin/time`, works the
 * same for `node -e "require('cdktf')"`, `node --import tsx main.ts` and a
 * compiled `node dist/main.js`, and sees through `sh -c`, `npx` and `&&`
 * chains because every Node.js process of the command loads it.
 */
const PROBE_SOURCE = `'use strict';
const file = process.env.BENCH_PROBE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    require('fs').appendFileSync(
      file,
      JSON.stringify({ pid: process.pid, maxRssKb: usage.maxRSS, userUs: usage.userCPUTime, systemUs: usage.systemCPUTime }) + '\\n',
    );
  });
}
`;

/** What the probe recorded for one command. */
export interface ProbeReading {
  /** Peak RSS of the largest Node.js process, in KiB. */
  readonly maxRssKb: number;
  /** User + system CPU time of all Node.js processes, in ms. */
  readonly cpuMs: number;
  /** How many Node.js processes reported. */
  readonly processes: number;
}

interface ProbeLine {
  readonly maxRssKb: number;
  readonly userUs: number;
  readonly systemUs: number;
}

/** Writes the probe into `dir` and returns its path. */
export function installProbe(dir: string): string {
  const file = path.join(dir, 'probe.cjs');
  fs.writeFileSync(file, PROBE_SOURCE);
  return file;
}

/** `NODE_OPTIONS` that load the probe in addition to `base`. */
export function nodeOptionsWithProbe(base: string, probe: string): string {
  return `${base} --require ${JSON.stringify(probe)}`.trim();
}

/** Reads and removes what the probe wrote to `file`; undefined when no Node.js process reported. */
export function readProbe(file: string): ProbeReading | undefined {
  if (!fs.existsSync(file)) return undefined;
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ProbeLine);
  fs.rmSync(file);
  if (lines.length === 0) return undefined;
  return {
    maxRssKb: Math.max(...lines.map((line) => line.maxRssKb)),
    cpuMs: lines.reduce((sum, line) => sum + (line.userUs + line.systemUs) / 1000, 0),
    processes: lines.length,
  };
}
