/**
 * Writing a PROXY protocol header (HAProxy's PROXY protocol specification, versions 1 and 2), as a load balancer
 * sends it before the first byte of HTTP: for clients and tests that stand in for a balancer in front of a
 * server that reads it (`h1ref serve --proxy-protocol`).
 *
 * @module
 */
import { writeUint16BE } from '../wire/byte-order.js';
import { readIPv4Text, readIPv6Text } from '../wire/ip-address.js';
import { latin1Bytes } from '../wire/latin1.js';
import { PROXY_V2_SIGNATURE, type ProxyEndpoint } from '../wire/proxy-header.js';

/** What a header says: relayed TCP over IPv4 or IPv6 with its two ends, or nothing (v1 UNKNOWN, v2 LOCAL). */
export type ProxyHeaderInit =
  | {
      /** TCP over IPv4 or IPv6. */
      readonly transport: 'tcp4' | 'tcp6';
      /** The client's end. */
      readonly source: Required<ProxyEndpoint>;
      /** The end the client connected to. */
      readonly destination: Required<ProxyEndpoint>;
    }
  | {
      /** No addresses: `PROXY UNKNOWN` in version 1, the LOCAL command in version 2. */
      readonly transport: 'unspecified';
    };

/** The address's bytes (4 or 16), or a RangeError: a writer does not send what a reader must refuse. */
function addressBytes(transport: 'tcp4' | 'tcp6', address: string): Uint8Array {
  const text = latin1Bytes(address);
  const out = new Uint8Array(transport === 'tcp4' ? 4 : 16);
  const ok = transport === 'tcp4' ? readIPv4Text(text, 0, text.length, out, 0) : readIPv6Text(text, 0, text.length, out);
  if (!ok) throw new RangeError(`${JSON.stringify(address)} is not an ${transport === 'tcp4' ? 'IPv4' : 'IPv6'} address`);
  return out;
}

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port ${String(port)} is not an integer 0-65535`);
  return port;
}

/**
 * A version 1 (text) header: `PROXY TCP4 src dst sport dport\r\n`, or `PROXY UNKNOWN\r\n`.
 *
 * @throws RangeError when an address does not match the transport or a port is out of range
 */
export function writeProxyHeaderV1(init: ProxyHeaderInit): Uint8Array {
  if (init.transport === 'unspecified') return latin1Bytes('PROXY UNKNOWN\r\n');
  // Checked by reading them back as the receiver would; written as given (a v1 line carries the text).
  addressBytes(init.transport, init.source.address);
  addressBytes(init.transport, init.destination.address);
  const family = init.transport === 'tcp4' ? 'TCP4' : 'TCP6';
  return latin1Bytes(`PROXY ${family} ${init.source.address} ${init.destination.address} ${checkPort(init.source.port)} ${checkPort(init.destination.port)}\r\n`);
}

/**
 * A version 2 (binary) header: the signature, version 2 with the PROXY command (LOCAL for `unspecified`), the
 * family and transport, the big-endian length, the addresses and ports in network order, then `tlvs` (raw TLV
 * bytes, none by default).
 *
 * @throws RangeError when an address does not match the transport or a port is out of range
 */
export function writeProxyHeaderV2(init: ProxyHeaderInit, tlvs: Uint8Array = new Uint8Array(0)): Uint8Array {
  const addresses = init.transport === 'unspecified' ? new Uint8Array(0) : (() => {
    const src = addressBytes(init.transport, init.source.address);
    const dst = addressBytes(init.transport, init.destination.address);
    const block = new Uint8Array(2 * src.length + 4);
    block.set(src, 0);
    block.set(dst, src.length);
    writeUint16BE(block, 2 * src.length, checkPort(init.source.port));
    writeUint16BE(block, 2 * src.length + 2, checkPort(init.destination.port));
    return block;
  })();
  const out = new Uint8Array(16 + addresses.length + tlvs.length);
  out.set(PROXY_V2_SIGNATURE, 0);
  out[12] = init.transport === 'unspecified' ? 0x20 : 0x21; // version 2, LOCAL or PROXY
  out[13] = init.transport === 'tcp4' ? 0x11 : init.transport === 'tcp6' ? 0x21 : 0x00; // family and STREAM
  writeUint16BE(out, 14, addresses.length + tlvs.length);
  out.set(addresses, 16);
  out.set(tlvs, 16 + addresses.length);
  return out;
}
