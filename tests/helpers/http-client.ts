import { createCookie } from "@remix-run/node";
import { createSession } from "~/services/sessions.server";

// A minimal browser-like HTTP client for tests: keeps cookies, reads the CSRF token from forms.
export class HttpClient {
  /** A client already signed in as `userId` (a session row and its signed cookie, no log-in form). */
  static async signedIn(base: string, userId: string): Promise<HttpClient> {
    const client = new HttpClient(base);
    const cookie = createCookie("msy_session", { secrets: [process.env.SESSION_SECRET!] });
    const header = await cookie.serialize(await createSession(userId, null));
    const pair = header.split(";")[0]!;
    client.cookies.set("msy_session", pair.slice(pair.indexOf("=") + 1));
    return client;
  }

  private cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Plants a cookie, as an attacker who copied one would. */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async get(path: string): Promise<{ status: number; html: string; res: Response }> {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookieHeader() }, redirect: "manual" });
    this.remember(res);
    return { status: res.status, html: await res.text(), res };
  }

  async csrfToken(path: string): Promise<string> {
    const { html } = await this.get(path);
    const match = html.match(/name="csrf" value="([^"]+)"/);
    if (!match) throw new Error(`no CSRF token on ${path}`);
    return match[1]!;
  }

  async post(
    path: string,
    fields: Record<string, string | string[]>,
    opts: { origin?: string | null; body?: FormData } = {},
  ): Promise<{ status: number; html: string; res: Response }> {
    let body: FormData | URLSearchParams;
    if (opts.body) body = opts.body;
    else {
      body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
    }
    const headers: Record<string, string> = { cookie: this.cookieHeader() };
    if (opts.origin !== null) headers.origin = opts.origin ?? this.base;
    const res = await fetch(this.base + path, { method: "POST", body, headers, redirect: "manual" });
    this.remember(res);
    return { status: res.status, html: await res.text(), res };
  }

  async login(email: string, password: string): Promise<void> {
    const csrf = await this.csrfToken("/masuk");
    const res = await this.post("/masuk", { csrf, email, password });
    if (res.status !== 302) throw new Error(`login failed with ${res.status}`);
  }
}
