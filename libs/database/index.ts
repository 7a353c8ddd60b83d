export * from './base.entity';
export * from './database.module';
export * from './ids';
export * from './migrate';
export * from './orm-options';
export * from './text-match';
export * from './keyed-lock';
export * from './lock.module';
