/**
 * Real keepalived (2.2) instances sharing a VIP, each in its own network namespace on a
 * bridge inside a hub namespace, configured as kubeadm's HA guide does (facts §5):
 * MASTER priority 101, BACKUP 100, advert_int 1, one virtual_router_id. The guide's
 * `track_script check_apiserver` is left out: the cases here take the holder's host away.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, type Owned } from './procs.ts';

/** The keepalived.conf text of one instance. */
export function keepalivedConfig(routerId: string, state: 'MASTER' | 'BACKUP', priority: number, vip: string): string {
  return [
    'global_defs {',
    `  router_id ${routerId}`,
    '  script_user root',
    '  enable_script_security',
    '}',
    'vrrp_instance VI_1 {',
    `  state ${state}`,
    '  interface eth0',
    '  virtual_router_id 51',
    `  priority ${priority}`,
    '  advert_int 1',
    '  authentication {',
    '    auth_type PASS',
    '    auth_pass 42',
    '  }',
    '  virtual_ipaddress {',
    `    ${vip}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Starts keepalived (VRRP only, foreground, console log) in namespace ns with its files under dir. */
export function startKeepalived(dir: string, ns: string, conf: string): Owned {
  const cfg = join(dir, 'keepalived.conf');
  writeFileSync(cfg, conf);
  return start(
    `keepalived ${ns}`,
    [
      'keepalived',
      '--vrrp',
      '--dont-fork',
      '--log-console',
      '--log-detail',
      '--use-file',
      cfg,
      '--pid',
      join(dir, 'keepalived.pid'),
      '--vrrp_pid',
      join(dir, 'vrrp.pid'),
      '--checkers_pid',
      join(dir, 'checkers.pid'),
    ],
    { netns: ns, logFile: join(dir, 'keepalived.log'), cwd: dir },
  );
}
