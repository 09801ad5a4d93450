import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { advancedRoutes } from './advanced.js';
import { agentRoutes } from './agent.js';
import { aliasRoutes } from './alias.js';
import { authRoutes } from './auth.js';
import { callRoutes } from './call.js';
import type { RouteContext } from './context.js';
import { dashboardRoutes } from './dashboard.js';
import { exportRoutes } from './export.js';
import { hepsubRoutes } from './hepsub.js';
import { importRoutes } from './import.js';
import { mappingRoutes } from './mapping.js';
import { prometheusRoutes } from './prometheus.js';
import { searchRoutes } from './search.js';
import { statisticRoutes } from './statistic.js';
import { systemRoutes } from './system.js';
import { tokensRoutes } from './tokens.js';
import { userSettingsRoutes } from './user-settings.js';
import { usersRoutes } from './users.js';

/** Every `/api/v3` route group, one plugin per group (registered under the prefix by buildApp). */
export const API_ROUTE_GROUPS: readonly FastifyPluginAsyncTypebox<RouteContext>[] = [
  authRoutes,
  usersRoutes,
  tokensRoutes,
  searchRoutes,
  callRoutes,
  exportRoutes,
  importRoutes,
  mappingRoutes,
  aliasRoutes,
  advancedRoutes,
  userSettingsRoutes,
  dashboardRoutes,
  systemRoutes,
  hepsubRoutes,
  agentRoutes,
  prometheusRoutes,
  statisticRoutes,
];
