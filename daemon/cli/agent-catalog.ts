// Commands that name agents (agents, mcp, install, uninstall, run) see the same catalog as the daemon:
// the shipped one plus the files IT lists in `collectors.agents.catalogFiles`.
import os from 'node:os';
import { useCatalogFiles } from '../../core/agents/catalog.js';

export async function applyConfiguredCatalog(configFile: string | undefined): Promise<void> {
  const { defaultConfigFile, loadConfig } = await import('../config/load.js');
  const file = configFile ?? defaultConfigFile(process.env, os.homedir());
  if (file === undefined) return;
  const files = loadConfig(file).collectors.agents.catalogFiles;
  if (files.length > 0) useCatalogFiles(files);
}
