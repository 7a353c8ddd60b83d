import { Global, Injectable, Module } from '@nestjs/common';

/** The time, from one place, so tests can set it (quiet hours, local delivery times). */
@Injectable()
export class Clock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  /** Tests only: freeze the clock at `at`, or let it run again with null. */
  set(at: Date | null): void {
    this.fixed = at;
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
