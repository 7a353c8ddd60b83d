import { Injectable, SetMetadata, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Job } from 'bullmq';
import { JOB_QUEUE, type JobMap, type JobName } from './jobs';

const JOB_HANDLER = 'birlik:job-handler';

/** The handler of one job. Its first parameter must be the job's payload, `JobMap[name]`. */
export function OnJob<K extends JobName>(name: K) {
  return <T extends (payload: JobMap[K], job: Job<JobMap[K]>) => unknown>(target: object, key: string | symbol, desc: TypedPropertyDescriptor<T>): void => {
    SetMetadata(JOB_HANDLER, name)(target, key, desc);
  };
}

type Handler = { owner: string; run: (payload: unknown, job: Job) => unknown };

/**
 * Every `@OnJob` method of every provider, found at boot. The boot fails unless each job of JobMap has exactly
 * one handler, so a worker never takes a job it cannot run.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    const found = new Map<string, Handler[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object | null;
      if (!prototype) continue;
      for (const key of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[key];
        if (typeof method !== 'function') continue;
        const name = this.reflector.get<string | undefined>(JOB_HANDLER, method);
        if (!name) continue;
        const handler: Handler = { owner: `${instance.constructor.name}.${key}`, run: (payload, job) => method.call(instance, payload, job) };
        found.set(name, [...(found.get(name) ?? []), handler]);
      }
    }
    const known = Object.keys(JOB_QUEUE);
    const missing = known.filter((n) => !found.has(n));
    const twice = [...found].filter(([, hs]) => hs.length > 1).map(([n, hs]) => `${n} (${hs.map((h) => h.owner).join(', ')})`);
    const unknown = [...found.keys()].filter((n) => !known.includes(n));
    const problems = [
      missing.length ? `no handler for ${missing.join(', ')}` : '',
      twice.length ? `more than one handler for ${twice.join('; ')}` : '',
      unknown.length ? `handlers for unknown jobs ${unknown.join(', ')}` : '',
    ].filter(Boolean);
    if (problems.length) throw new Error(`Job handlers do not match the job map: ${problems.join('; ')}`);
    for (const [name, [handler]] of found) this.handlers.set(name, handler);
  }

  /** Runs the handler of `job.name` with the job's payload. */
  async dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    return handler.run(job.data, job);
  }
}
