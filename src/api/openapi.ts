import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * OpenAPI 3 generated from the route schemas: the document at `/api/v3/docs/json`, a viewer at
 * `/api/v3/docs`. Register before the routes so every route is collected.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'homer-ts API',
        description:
          'HOMER 7 compatible `/api/v3` (homer-app paths, bodies and envelopes). Log in with `POST /api/v3/auth` and send `Authorization: Bearer <token>`, or send an `Auth-Token` API token.',
        version,
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          authToken: { type: 'apiKey', in: 'header', name: 'Auth-Token' },
        },
      },
      security: [{ bearer: [] }, { authToken: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/v3/docs', uiConfig: { docExpansion: 'list' } });
}
