import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CurrentUser, type AuthUser } from '@lib/auth';
import { API } from '../api';
import { SearchHitDto, SearchQueryDto } from './dto/search.dto';
import { SearchService, type SearchHit } from './search.service';

@ApiTags('search')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'No, invalid or expired access token' })
@Controller(`${API}/search`)
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @ApiOkResponse({ type: [SearchHitDto], description: 'Best matches first, only from channels you may read' })
  @ApiBadRequestResponse({ description: 'q is missing or has no word' })
  @ApiNotFoundResponse({ description: 'channelId is unknown or not readable' })
  find(@CurrentUser() user: AuthUser, @Query() q: SearchQueryDto): Promise<SearchHit[]> {
    return this.search.search(user, q);
  }
}
