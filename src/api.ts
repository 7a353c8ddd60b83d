/** Base path of the HTTP API. */
export const API = 'api/v1';
