import { type ChildProcess, fork } from 'node:child_process';

/** A load generator in a process of its own, taking one job at a time over IPC. */
export interface LoadWorker<Job, Answer> {
  run(job: Job): Promise<Answer>;
  stop(): void;
}

type Reply<Answer> = { ok: true; answer: Answer } | { ok: false; message: string };

/**
 * Forks `script` (a compiled bench module that calls `serveJobs`). Load generators live
 * apart from the benchmark's own event loop so that its timers and bookkeeping never
 * delay a caller, and the same holds for the service and for its baseline.
 */
export function startLoadWorker<Job, Answer>(script: string): LoadWorker<Job, Answer> {
  const child: ChildProcess = fork(script, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let queue: Promise<unknown> = Promise.resolve();

  const once = (job: Job) => new Promise<Answer>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`load worker exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (reply: Reply<Answer>) => {
      child.off('exit', onExit);
      if (reply.ok) resolve(reply.answer);
      else reject(new Error(reply.message));
    });
    child.send(job as object);
  });

  return {
    run(job) {
      const answer = queue.then(() => once(job));
      queue = answer.catch(() => undefined);
      return answer;
    },
    stop() {
      child.kill('SIGTERM');
    },
  };
}

/** The worker's side: answers each job message with the handler's result. */
export function serveJobs<Job, Answer>(handler: (job: Job) => Promise<Answer>): void {
  process.on('message', (job: Job) => {
    handler(job).then(
      (answer) => process.send?.({ ok: true, answer } satisfies Reply<Answer>),
      (error: unknown) => process.send?.({ ok: false,
        message: error instanceof Error ? error.message : String(error) } satisfies Reply<Answer>),
    );
  });
}
