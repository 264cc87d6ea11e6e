// What to probe, decided without I/O: the probes the inventory's discovery block allows, on each host, at its ports;
// and which hosts a UDS answer adds. Only the block's seeds and the nodes the seeds' own UDS lists for their cluster
// are ever contacted (issue 12, Security): an address read anywhere else (an ITL record, a certificate) is not.
import type { DiscoveryBlock } from '../../domain/cluster-schema.js';
import type { DiscoveredFacts } from '../facts-schema.js';
import { DUAL_KEY_SERVICES, type TlsOffer, type TlsService } from './tls-units.js';

export type ProbeKind = DiscoveryBlock['probes'][number];

export interface ProbeTask {
  probe: ProbeKind;
  host: string;
  port: number;
  /** TLS only: the service the port belongs to and what the handshake offers. */
  tls?: { service: TlsService; offer: TlsOffer };
}

function tlsTasks(host: string, ports: DiscoveryBlock['ports']): ProbeTask[] {
  const services: [TlsService, number][] = [
    ['tomcat', ports.tomcat], ...ports.callManager.map((port): [TlsService, number] => ['callmanager', port]),
    ['capf', ports.capf], ['tvs', ports.tvs], ['xmpp-client', ports.xmppClient], ['xmpp-server', ports.xmppServer],
  ];
  return services.flatMap(([service, port]) => {
    const offers: TlsOffer[] = DUAL_KEY_SERVICES.has(service) ? ['rsa', 'ecdsa'] : ['any'];
    return offers.map((offer) => ({ probe: 'tls' as const, host, port, tls: { service, offer } }));
  });
}

/** Every allowed probe on every host, in the block's order of probes (files first when listed first). */
export function probeTasks(block: Pick<DiscoveryBlock, 'probes' | 'ports'>, hosts: readonly string[]): ProbeTask[] {
  return hosts.flatMap((host) => block.probes.flatMap((probe): ProbeTask[] => {
    switch (probe) {
      case 'itl':
      case 'ctl':
        return [{ probe, host, port: block.ports.tftp }];
      case 'uds':
        return [{ probe, host, port: block.ports.uds }];
      case 'tls':
        return tlsTasks(host, block.ports);
    }
  }));
}

const lower = (names: readonly string[]) => names.map((name) => name.toLowerCase());

/**
 * The nodes the seeds' UDS answers list that are not seeds already, by the address UDS gives (FQDN or IP, else the
 * name). Only `nodes` facts read from UDS count: UDS lists the servers of the answering node's own cluster.
 */
export function followedHosts(seeds: readonly string[], udsAnswers: readonly DiscoveredFacts[]): string[] {
  const known = new Set(lower(seeds));
  const hosts: string[] = [];
  for (const facts of udsAnswers) {
    for (const fact of facts.state) {
      if (fact.kind !== 'nodes' || fact.source.kind !== 'uds') continue;
      for (const node of fact.value) {
        const names = lower([node.name, ...node.addresses]);
        if (names.some((name) => known.has(name))) continue;
        const host = node.addresses[0] ?? node.name;
        hosts.push(host);
        for (const name of names) known.add(name);
      }
    }
  }
  return hosts;
}
