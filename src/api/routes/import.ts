import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteContext } from './context.js';

/** Placeholder: this route group is being written. */
export const importRoutes: FastifyPluginAsyncTypebox<RouteContext> = async () => {};
