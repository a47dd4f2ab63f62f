/**
 * The client address for rate limiting. server.ts sets X-Musyawarah-Client-Ip from Express's req.ip
 * (which honours X-Forwarded-For only when TRUST_PROXY is configured), so a client cannot spoof it.
 */
export function clientIp(request: Request): string {
  return request.headers.get("x-musyawarah-client-ip") ?? "unknown";
}
