import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/** What a reader needs to judge a run: the machine, the versions, how busy it was. */
export function describeMachine(): string[] {
  const model = /^model name\s*:\s*(.+)$/m.exec(readText('/proc/cpuinfo'))?.[1] ?? 'unknown';
  return [
    `- CPUs: ${availableParallelism()} (${model.trim()})`,
    `- Node.js: ${process.version}`,
    `- Commit: ${gitCommit()}`,
    `- Date: ${new Date().toISOString()}`,
  ];
}

/** The 1-minute load average, to show how much else the machine was doing. */
export function loadAverage(): string {
  return loadavg()[0]?.toFixed(2) ?? 'unknown';
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'not a git checkout';
  }
}
