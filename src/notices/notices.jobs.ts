import { Injectable } from '@nestjs/common';
import { OnJob, type JobMap } from '@lib/queue';
import { NoticesService } from './notices.service';

/** The notices queue: delivery (per time zone) and reminders. */
@Injectable()
export class NoticesJobs {
  constructor(private readonly notices: NoticesService) {}

  @OnJob('notices.dispatch')
  dispatch({ noticeId, zone }: JobMap['notices.dispatch']): Promise<void> {
    return this.notices.dispatch(noticeId, zone);
  }

  @OnJob('notices.remind')
  remind({ noticeId }: JobMap['notices.remind']): Promise<void> {
    return this.notices.remind(noticeId);
  }
}
