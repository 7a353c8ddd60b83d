/** Where a request came from (sessions and audit entries record it). */
export interface RequestMeta {
  ip?: string | null;
  userAgent?: string | null;
}
