/** Kinds of TCP packets the model distinguishes (each costs the receiver differently). */
export enum Packet {
  Syn = 0,
  SynAck = 1,
  HandshakeAck = 2,
  Request = 3,
  Reply = 4,
  Ack = 5,
  Fin = 6,
  /** The last segment of a reply reaches the client (equals Reply for one-segment replies). */
  ReplyEnd = 7,
}
