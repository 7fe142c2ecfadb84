import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

/** The Chromium binary, installing Debian's package when missing and we may (root); else why not. */
export function findChromium(): { path: string } | { missing: string } {
  const which = () => {
    try {
      return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  if (which() !== '') return { path: which() };
  if (process.getuid?.() !== 0) return { missing: 'chromium is not installed and installing it needs root (apt-get install chromium)' };
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update'], { stdio: 'ignore', env, timeout: 300_000 });
    execFileSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'ignore', env, timeout: 600_000 });
  } catch (error) {
    return { missing: `apt-get install chromium failed: ${(error as Error).message.split('\n')[0]}` };
  }
  return which() === '' ? { missing: 'apt-get installed no chromium binary' } : { path: which() };
}

/**
 * A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
 * commands on fd 3, replies on fd 4, NUL-separated JSON), so no client library is needed.
 */
export class Browser {
  private readonly child: ChildProcess;
  private readonly profile: string;
  private nextId = 1;
  private buffer = '';
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(binary: string) {
    this.profile = mkdtempSync(join(tmpdir(), 'memcheck-chromium-'));
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--remote-debugging-pipe', `--user-data-dir=${this.profile}`];
    args.push('--no-first-run', '--disable-extensions', '--window-size=1200,800', 'about:blank');
    this.child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
    const replies = this.child.stdio[4] as Readable;
    replies.setEncoding('utf8');
    replies.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const message = JSON.parse(this.buffer.slice(0, end)) as { id?: number; result?: unknown; error?: { message: string } };
        this.buffer = this.buffer.slice(end + 1);
        const waiter = message.id === undefined ? undefined : this.waiting.get(message.id);
        if (waiter === undefined) continue;
        this.waiting.delete(message.id!);
        if (message.error) waiter.reject(new Error(message.error.message));
        else waiter.resolve(message.result);
      }
    });
  }

  /** Send one DevTools command (to a page when `sessionId` is given) and wait for its reply. */
  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    const commands = this.child.stdio[3] as Writable;
    commands.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  /** Open a page and wait until it has loaded; returns its session. */
  async open(url: string): Promise<Page> {
    const { targetId } = await this.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const page = new Page(this, sessionId);
    await page.send('Page.enable');
    await page.send('Emulation.setDeviceMetricsOverride', { width: 1200, height: 800, deviceScaleFactor: 1, mobile: false });
    await page.send('Page.navigate', { url });
    for (let i = 0; i < 100 && (await page.evaluate('document.readyState')) !== 'complete'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    return page;
  }

  /** Stop Chromium and, once it has exited, remove its profile. */
  async close(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    rmSync(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

export class Page {
  constructor(
    private readonly browser: Browser,
    private readonly sessionId: string,
  ) {}

  send<T = Record<string, unknown>>(method: string, params: object = {}): Promise<T> {
    return this.browser.send<T>(method, params, this.sessionId);
  }

  /** The value of a JavaScript expression in the page. */
  async evaluate(expression: string): Promise<unknown> {
    const { result } = await this.send<{ result: { value?: unknown } }>('Runtime.evaluate', { expression, returnByValue: true });
    return result.value;
  }

  /** A key press as a user types it (keydown, then keyup). */
  async press(key: string): Promise<void> {
    const codes: Record<string, number> = { ArrowDown: 40, ArrowUp: 38, End: 35, Home: 36, j: 74, k: 75 };
    const common = { key, code: key.length === 1 ? `Key${key.toUpperCase()}` : key, windowsVirtualKeyCode: codes[key] ?? 0 };
    await this.send('Input.dispatchKeyEvent', { type: 'keyDown', ...common, ...(key.length === 1 ? { text: key } : {}) });
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...common });
  }

  /** A PNG of the viewport, as bytes. */
  async screenshot(): Promise<Buffer> {
    const { data } = await this.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
    return Buffer.from(data, 'base64');
  }
}
