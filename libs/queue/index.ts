export * from './jobs';
export * from './job-queue.service';
export * from './job-registry';
export * from './job-workers';
export * from './queue.module';
