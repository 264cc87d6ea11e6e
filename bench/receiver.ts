// What the bench needs from a syslog receiver under test (certwatch or a private rsyslog): where to send, how many
// messages it has counted per transport, and its process for CPU and memory.
export type Transport = 'udp' | 'tcp';

export interface Receiver {
  name: string;
  pid: number;
  host: string;
  udpPort: number;
  tcpPort: number;
  /** Messages the receiver has taken off its socket so far (exact: see bench/README.md). */
  counted(transport: Transport): Promise<number>;
  /** Certificate alarms it has kept so far (certwatch: events parsed; rsyslog: lines its filter wrote). */
  alarmsKept(): Promise<number>;
  /** How long the count must stand still before what is missing counts as lost (how often the count is updated). */
  quietMs: number;
  /** Kernel drops of its UDP socket, when it reports them. */
  socketDrops?(): Promise<number>;
  /** Times a TCP connection stopped reading because the accept side was busy, when it reports them. */
  heldBack?(): Promise<number>;
  stop(): Promise<void>;
  /** Files worth reading when something went wrong. */
  logPath: string;
}
