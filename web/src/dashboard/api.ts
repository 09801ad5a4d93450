/**
 * The dashboard calls (homer-app's `dashboard/*`). They live here rather than in api/homer.ts so
 * the dashboard feature stays in its own folder; they use the shared client (401 → logout, errors
 * that name the failed call).
 */
import { apiCall } from '../api/client.js';
import { DashboardInfo, DashboardStore, DashboardWrite } from '../api/schemas.js';
import { parseDashboard, type Dashboard, type DashboardReply } from './model/dashboard.js';

/** One entry of the dashboards menu (`dashboard/info`). */
export interface DashboardEntry {
  readonly id: string;
  readonly name: string;
  readonly owner: string;
  readonly shared: boolean;
  readonly weight: number;
}

export interface LoadedDashboard {
  readonly owner: string;
  readonly dashboard: Dashboard;
}

/** The dashboard, or undefined when there is none with that id (the server answers an empty 200). */
export async function fetchDashboard(id: string): Promise<LoadedDashboard | undefined> {
  const reply = (await apiCall(
    'GET',
    `/dashboard/store/${encodeURIComponent(id)}`,
    DashboardStore,
  )) as DashboardReply;
  const dashboard = parseDashboard(reply, id);
  return dashboard && { owner: reply.owner ?? '', dashboard };
}

export async function saveDashboard(dashboard: Dashboard): Promise<void> {
  await apiCall('POST', `/dashboard/store/${encodeURIComponent(dashboard.id)}`, DashboardWrite, dashboard);
}

export async function deleteDashboard(id: string): Promise<void> {
  await apiCall('DELETE', `/dashboard/store/${encodeURIComponent(id)}`, DashboardWrite);
}

/** The menu: own dashboards and shared ones, by weight then name (homer-ui's order). */
export async function listDashboards(): Promise<DashboardEntry[]> {
  const reply = await apiCall('GET', '/dashboard/info', DashboardInfo);
  return reply.data
    .map((d) => ({
      id: d.id,
      name: d.name,
      owner: String(d.owner ?? ''),
      shared: d.shared === true,
      weight: Number(d.weight ?? 10),
    }))
    .sort((a, b) => a.weight - b.weight || a.name.localeCompare(b.name));
}
