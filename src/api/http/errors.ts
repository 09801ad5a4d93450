import type { FastifyError, FastifyInstance } from 'fastify';
import { wantsSpaFallback } from '../web-ui.js';

/**
 * An error a route throws on purpose; the handler turns it into homer-app's error envelope
 * `{"data":{},"message":"..."}` with this status. Never carries database text.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, message);
export const notFound = (message: string): ApiError => new ApiError(404, message);
export const forbidden = (message = 'This API requires admin access.'): ApiError =>
  new ApiError(403, message);
export const unavailable = (message: string): ApiError => new ApiError(503, message);

/** homer-app's 401 body, which the stock UI treats as "log out". */
export function unauthorizedBody(message: string): { statuscode: number; error: string; message: string } {
  return { statuscode: 401, error: 'Unauthorized', message };
}

export class UnauthorizedError extends ApiError {
  constructor(message = 'invalid or expired token') {
    super(401, message);
    this.name = 'UnauthorizedError';
  }
}

/**
 * Maps every error to a clear status and message: validation errors name the field (400), our
 * ApiErrors keep their status and text, anything else is a 500 whose details go to the log only
 * (a SQL error text never reaches the client). With `spaIndex`, unknown GETs outside `/api/` answer
 * the UI's index.html (HTML5 routing).
 */
export function installErrorHandler(app: FastifyInstance, spaIndex = false): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof UnauthorizedError) return reply.code(401).send(unauthorizedBody(err.message));
    if (err instanceof ApiError) return reply.code(err.statusCode).send({ data: {}, message: err.message });
    if (err.validation) {
      const first = err.validation[0];
      const where = err.validationContext ?? 'body';
      const path = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
      const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
      const field = [where, path, missing].filter((p) => p && p !== '').join('.');
      return reply.code(400).send({ data: {}, message: `${field} ${first?.message ?? 'is invalid'}` });
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500;
    if (status < 500) return reply.code(status).send({ data: {}, message: err.message });
    request.log.error({ err }, 'request failed');
    return reply.code(status).send({ data: {}, message: 'internal error; see the server log' });
  });
  app.setNotFoundHandler((request, reply) => {
    if (spaIndex && wantsSpaFallback(request.method, request.url)) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return reply
      .code(404)
      .send({ data: {}, message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}
