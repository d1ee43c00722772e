/** An access token and the instant (epoch ms) after which it is no longer used. */
export interface CachedToken {
  accessToken: string;
  refreshAt: number;
}

/**
 * Access tokens kept per key for the whole process, so connector instances of one account share one token, and
 * concurrent callers share one in-flight refresh (Amazon LWA, eBay OAuth).
 */
export class AccessTokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly inFlight = new Map<string, Promise<CachedToken>>();

  /** The cached token while `now` is before its refreshAt, else one `request` shared by every caller of the key. */
  async get(key: string, now: number, request: () => Promise<CachedToken>): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && cached.refreshAt > now) return cached.accessToken;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = request()
        .then((token) => {
          this.tokens.set(key, token);
          return token;
        })
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return (await pending).accessToken;
  }

  /** Forgets the key's token (the API refused it); with `accessToken`, only if it is still that one, since another caller may have refreshed already. */
  invalidate(key: string, accessToken?: string): void {
    const cached = this.tokens.get(key);
    if (cached && (accessToken === undefined || cached.accessToken === accessToken)) this.tokens.delete(key);
  }

  clear(): void {
    this.tokens.clear();
    this.inFlight.clear();
  }
}
