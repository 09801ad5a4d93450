import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The built UI beside the compiled server: `<package>/dist/web` (also when run from src/). */
export function defaultWebDir(): string {
  return fileURLToPath(new URL('../../dist/web', import.meta.url));
}

/**
 * Serves the built web UI at `/` with an HTML5 fallback: any GET outside `/api/` that is not a file
 * answers `index.html`, so deep links such as `/search/result` load the app. Returns false when no
 * build is present (the API still works without the UI).
 */
export async function registerWebUi(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, { root: dir, prefix: '/', wildcard: true, index: ['index.html'] });
  return true;
}

/** True when a request that found no route should get the UI's index.html. */
export function wantsSpaFallback(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = url.split('?')[0] ?? '';
  if (path.startsWith('/api/') || path === '/api') return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}
