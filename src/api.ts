import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiUnauthorizedResponse } from '@nestjs/swagger';

/** Base path of the HTTP API. */
export const API = 'api/v1';

/** OpenAPI for a controller whose routes take a bearer token and validated input. */
export const ApiAuthenticated = () =>
  applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No, invalid or expired access token' }),
    ApiBadRequestResponse({ description: 'A field is missing or invalid; every bad field is named' }),
  );
