import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AccountsService } from './accounts/accounts.service';
import { DirectoryService } from './directory/directory.service';
import { NoticesService } from './notices/notices.service';

/** api/all roles, after migrations: seed the regions, then make sure there is (or can be) an admin. */
@Injectable()
export class StartupService implements OnApplicationBootstrap {
  setupLink: string | null = null;

  constructor(
    private readonly directory: DirectoryService,
    private readonly accounts: AccountsService,
    private readonly notices: NoticesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.directory.seed();
    this.setupLink = await this.accounts.ensureAdmin();
    await this.notices.removeTargetedFromAnnouncementChannel();
  }
}
