/**
 * The preset names, in table order: what the schema accepts for `topology.preset` and
 * `topology.loadBalancer.preset`. Their own file, so schema.ts needs not import
 * presets.ts (whose expansion reads the schema's types); presets.ts checks its tables
 * against these lists.
 */

const LB_NAMES = ['aws-nlb', 'gcp', 'azure', 'haproxy-keepalived', 'kube-vip'] as const;
/** A load-balancer preset name. */
export type LoadBalancerPresetName = (typeof LB_NAMES)[number];
/** The load-balancer preset names, in table order. */
export const LOAD_BALANCER_PRESET_NAMES = [...LB_NAMES] as LoadBalancerPresetName[];

const TOPOLOGY_NAMES = [
  'eks',
  'gke-zonal',
  'gke-regional',
  'aks',
  'aks-zones',
  'kubeadm-stacked-ha',
  'kubeadm-external-ha',
] as const;
/** A topology preset name. */
export type TopologyPresetName = (typeof TOPOLOGY_NAMES)[number];
/** The topology preset names, in table order. */
export const TOPOLOGY_PRESET_NAMES = [...TOPOLOGY_NAMES] as TopologyPresetName[];
