// Link layers: where the IP packet starts in a captured frame. The IP version itself is read from the IP header.

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW_OLD_12: 12,
  RAW_OLD_14: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

const SUPPORTED = new Set<number>(Object.values(LINKTYPE));

export function isSupportedLinkType(linkType: number): boolean {
  return SUPPORTED.has(linkType);
}

/** The one line a user reads when a capture's link layer is not one of ours. */
export function unsupportedLinkType(linkType: number): string {
  return `link type ${linkType} is not supported: capture on an Ethernet or loopback interface, or with tcpdump -i any (Linux cooked), or as raw IP`;
}

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
/** 802.1Q, 802.1ad (QinQ outer tag), and the older 0x9100 QinQ tag. */
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);
/** AF_INET, and AF_INET6 as Linux, the BSDs and macOS number it. */
const NULL_FAMILIES = new Set([2, 10, 24, 28, 30]);

export const NOT_IP = -1;

function byEthertype(type: number, offset: number): number {
  return type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6 ? offset : NOT_IP;
}

function ethernet(data: Buffer, start: number, end: number): number {
  let at = start + 12;
  if (at + 2 > end) return NOT_IP;
  let type = data.readUInt16BE(at);
  // Stacked VLAN tags (QinQ): each is a 2-byte TCI followed by the next ethertype.
  for (let tags = 0; VLAN_TAGS.has(type) && tags < 8; tags++) {
    at += 4;
    if (at + 2 > end) return NOT_IP;
    type = data.readUInt16BE(at);
  }
  return byEthertype(type, at + 2);
}

/** BSD loopback: a 4-byte address family in the capturing host's byte order. */
function nullHeader(data: Buffer, start: number, end: number): number {
  if (start + 4 > end) return NOT_IP;
  const family = data.readUInt32LE(start);
  return NULL_FAMILIES.has(family) || NULL_FAMILIES.has(data.readUInt32BE(start)) ? start + 4 : NOT_IP;
}

/** The offset of the IP header in the frame, or NOT_IP (ARP, LLC, a cut header, a link type not supported). */
export function ipOffset(linkType: number, data: Buffer, start: number, end: number): number {
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return ethernet(data, start, end);
    case LINKTYPE.LINUX_SLL:
      // packet type, ARPHRD type, address length, 8-byte address, then the protocol.
      return start + 16 <= end ? byEthertype(data.readUInt16BE(start + 14), start + 16) : NOT_IP;
    case LINKTYPE.LINUX_SLL2:
      // protocol, reserved, interface index, ARPHRD type, packet type, address length, 8-byte address.
      return start + 20 <= end ? byEthertype(data.readUInt16BE(start), start + 20) : NOT_IP;
    case LINKTYPE.NULL:
      return nullHeader(data, start, end);
    case LINKTYPE.LOOP:
      return start + 4 <= end && NULL_FAMILIES.has(data.readUInt32BE(start)) ? start + 4 : NOT_IP;
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_OLD_12:
    case LINKTYPE.RAW_OLD_14:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return start;
    default:
      return NOT_IP;
  }
}
