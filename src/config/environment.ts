import { type Config, loadConfig } from './config.js';

/** This process's configuration, from its environment: the one place Crier reads process.env. */
export function configFromEnvironment(): Config {
  return loadConfig(process.env);
}
