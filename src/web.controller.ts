import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Public } from './accounts/auth.decorators';

/** The project root: the nearest folder above this file with a package.json (src/ under ts, dist/src/ when built). */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const STATIC_DIR = join(projectRoot(), 'web', 'static');

/** Pages served before the browser app exists: the landing page, the setup link and the invitation link. */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  @Get()
  index(@Res() res: Response): void {
    res.sendFile(join(STATIC_DIR, 'index.html'));
  }

  @Get('setup')
  setup(@Res() res: Response): void {
    res.sendFile(join(STATIC_DIR, 'setup.html'));
  }

  @Get('register')
  register(@Res() res: Response): void {
    res.sendFile(join(STATIC_DIR, 'register.html'));
  }
}
