export * from './publisher';
export * from './realtime.module';
export * from './redis-io.adapter';
export * from './rooms';
