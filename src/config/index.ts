export { loadConfig, ConfigError, settingFlags, type ConfigSources } from './load.js';
export { SETTINGS, type HomerConfig, type SettingKey } from './settings.js';
export { parseListenAddress, formatListenAddress, type ListenAddress } from './address.js';
