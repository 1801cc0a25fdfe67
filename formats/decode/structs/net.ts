/** Network and polling structs: sockaddr, msghdr (with cmsgs), pollfd, epoll_event, fd_set. */
import { LE } from '../bytes';
import { enumName, formatFlags, formatPointer, hex, quoteBytes, quoteCString } from '../values';
import {
  formatArray,
  formatFields,
  formatList,
  type StructContext,
  type StructEntry,
} from './context';
import { formatIovecs } from './io';

const AF_UNIX = 1;
const AF_INET = 2;
const AF_INET6 = 10;
const AF_NETLINK = 16;

/** `AF_INET` for 2, as the socket_domain constants name a family. */
export function familyName(family: number): string {
  const name = enumName(family, 'socket_domain');
  return name ? name.replace(/^PF_/, 'AF_') : `${family} /* AF_??? */`;
}

/** dotted quad from 4 bytes */
function ipv4(b: LE, o: number): string {
  return [0, 1, 2, 3].map((i) => b.u8(o + i)).join('.');
}

/** IPv6 text as glibc's inet_ntop writes it (RFC 5952 zero compression, embedded IPv4) */
function ipv6(b: LE, o: number): string {
  const words = Array.from({ length: 8 }, (_, i) => b.u16be(o + i * 2));
  let bestBase = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) [bestBase, bestLen] = [i, j - i];
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  const embedsV4 = bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff));
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i > 0) out += ':';
    if (i === 6 && embedsV4) {
      out += ipv4(b, o + 12);
      break;
    }
    out += words[i].toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) out += ':';
  return out;
}

/** a struct sockaddr of `b.length` bytes, as strace prints each family */
export function formatSockaddr(b: LE): string {
  if (b.length < 2) return '{sa_family=???}';
  const family = b.u16(0);
  const fam: [string, string] = ['sa_family', familyName(family)];
  switch (family) {
    case AF_UNIX: {
      if (b.length === 2) return formatFields([fam]);
      const path = b.slice(2);
      const shown =
        path[0] === 0 ? `@${quoteBytes(path.subarray(1), Infinity)}` : quoteCString(path);
      return formatFields([fam, ['sun_path', shown]]);
    }
    case AF_INET:
      if (b.length < 8) break;
      return formatFields([
        fam,
        ['sin_port', `htons(${b.u16be(2)})`],
        ['sin_addr', `inet_addr("${ipv4(b, 4)}")`],
      ]);
    case AF_INET6: {
      if (b.length < 24) break;
      const fields: [string, string][] = [
        fam,
        ['sin6_port', `htons(${b.u16be(2)})`],
        ['sin6_flowinfo', `htonl(${b.u32be(4)})`],
        ['', `inet_pton(AF_INET6, "${ipv6(b, 8)}", &sin6_addr)`],
      ];
      if (b.length >= 28) fields.push(['sin6_scope_id', String(b.u32(24))]);
      return formatFields(fields);
    }
    case AF_NETLINK: {
      if (b.length < 12) break;
      const fields: [string, string][] = [fam];
      if (b.u16(2)) fields.push(['nl_pad', hex(b.u16(2))]);
      fields.push(
        ['nl_pid', String(b.u32(4))],
        ['nl_groups', b.u32(8).toString(16).padStart(8, '0')],
      );
      return formatFields(fields);
    }
  }
  return formatFields([fam, ['sa_data', quoteBytes(b.slice(2), Infinity)]]);
}

export const sockaddr: StructEntry = { size: 2, decode: (b) => formatSockaddr(b) };

/** A socket address in short: its family and the address as people write it. */
export interface SocketAddress {
  /** `AF_INET`, `AF_INET6`, `AF_UNIX`... */
  family: string;
  /**
   * `127.0.0.1:8080`, `[::1]:53`, a path (`/run/app.sock`), `@name` for an abstract unix
   * address, `""` for an unnamed unix socket, `pid 0` for netlink
   */
  address: string;
}

/** The family and address of a struct sockaddr of `bytes.length` bytes, if it holds one. */
export function socketAddress(bytes: Uint8Array): SocketAddress | undefined {
  const b = new LE(bytes);
  if (b.length < 2) return undefined;
  const family = b.u16(0);
  const name = familyName(family);
  switch (family) {
    case AF_UNIX: {
      const path = b.slice(2);
      if (path.length === 0) return { family: name, address: '' };
      const text = (raw: Uint8Array) => Buffer.from(raw).toString('utf8');
      return {
        family: name,
        address: path[0] === 0 ? `@${text(path.subarray(1))}` : text(b.cstr(2)),
      };
    }
    case AF_INET:
      return b.length < 8 ? undefined : { family: name, address: `${ipv4(b, 4)}:${b.u16be(2)}` };
    case AF_INET6:
      return b.length < 24 ? undefined : { family: name, address: `[${ipv6(b, 8)}]:${b.u16be(2)}` };
    case AF_NETLINK:
      return b.length < 12 ? undefined : { family: name, address: `pid ${b.u32(4)}` };
    default:
      return { family: name, address: '' };
  }
}

// --- msghdr ------------------------------------------------------------------

const SOL_SOCKET = 1;
const SCM_RIGHTS = 1;
const SCM_CREDENTIALS = 2;

function formatCmsgs(b: LE, cap: number): string {
  const items: string[] = [];
  let count = 0;
  for (let off = 0; off + 16 <= b.length;) {
    const len = Number(b.u64(off));
    if (len < 16) break;
    const level = b.i32(off + 8);
    const type = b.i32(off + 12);
    const data = new LE(b.slice(off + 16, len - 16));
    let typeName = String(type);
    let shown = quoteBytes(data.bytes, Infinity);
    if (level === SOL_SOCKET && type === SCM_RIGHTS) {
      typeName = 'SCM_RIGHTS';
      const fds: string[] = [];
      for (let i = 0; i + 4 <= data.length; i += 4) fds.push(String(data.i32(i)));
      shown = `[${fds.join(', ')}]`;
    } else if (level === SOL_SOCKET && type === SCM_CREDENTIALS && data.length >= 12) {
      typeName = 'SCM_CREDENTIALS';
      shown = formatFields([
        ['pid', String(data.i32(0))],
        ['uid', String(data.u32(4))],
        ['gid', String(data.u32(8))],
      ]);
    }
    if (count < cap)
      items.push(
        formatFields([
          ['cmsg_len', String(len)],
          ['cmsg_level', enumName(level, 'sockopt_level') ?? String(level)],
          ['cmsg_type', typeName],
          ['cmsg_data', shown],
        ]),
      );
    count++;
    off += (len + 7) & ~7;
  }
  return formatList(items, count, cap);
}

/**
 * struct msghdr (56 bytes) like strace, following its pointers into the
 * captured memory: the name as a sockaddr, the iovecs, the control messages.
 */
export function formatMsghdr(b: LE, ctx: StructContext): string {
  const namePtr = b.u64(0);
  const namelen = b.u32(8);
  const iovPtr = b.u64(16);
  // lengths beyond any capture only bound the reads below; they are printed from the bigints
  const iovlen = Math.min(Number(b.u64(24)), 1 << 20);
  const controlPtr = b.u64(32);
  const controllen = Math.min(Number(b.u64(40)), 1 << 20);

  let name = formatPointer(namePtr);
  if (namePtr !== 0n && namelen > 0) {
    const bytes = ctx.mem.read(namePtr, namelen, ctx.dir);
    if (bytes) name = formatSockaddr(new LE(bytes));
  }
  let iov = formatPointer(iovPtr);
  const iovBytes = iovPtr !== 0n ? ctx.mem.read(iovPtr, iovlen * 16, ctx.dir) : undefined;
  if (iovBytes) iov = formatIovecs(new LE(iovBytes), ctx, iovlen);

  const fields: [string, string][] = [
    ['msg_name', name],
    ['msg_namelen', String(namelen)],
    ['msg_iov', iov],
    ['msg_iovlen', b.u64(24).toString()],
  ];
  if (controllen > 0) {
    const control = controlPtr !== 0n ? ctx.mem.read(controlPtr, controllen, ctx.dir) : undefined;
    fields.push([
      'msg_control',
      control ? formatCmsgs(new LE(control), ctx.strSize) : formatPointer(controlPtr),
    ]);
  }
  fields.push(
    ['msg_controllen', String(controllen)],
    ['msg_flags', formatFlags(b.u32(48), 'msg_flags')],
  );
  return formatFields(fields);
}

export const msghdr: StructEntry = { size: 56, decode: formatMsghdr };

/**
 * struct mmsghdr array (64 bytes each): `[{msg_hdr={…}, msg_len=5}, …]`.
 * recvmmsg's buffers hold msg_len bytes each; sendmmsg's were all read.
 */
export const mmsghdr: StructEntry = {
  size: 64,
  decode(b, ctx) {
    return formatArray(b, 64, ctx.strSize, (e) => {
      const len = e.u32(56);
      const received = ctx.dir === 'out' && ctx.syscall !== 'sendmmsg';
      const hdrCtx: StructContext = received
        ? { ...ctx, dataLimit: len }
        : { ...ctx, dir: 'in', dataLimit: undefined };
      return formatFields([
        ['msg_hdr', formatMsghdr(e, hdrCtx)],
        ['msg_len', String(len)],
      ]);
    });
  },
};

/** struct sock_fprog (a classic BPF program): length and filter address */
export const sockFprog: StructEntry = {
  size: 16,
  decode(b) {
    return formatFields([
      ['len', String(b.u16(0))],
      ['filter', formatPointer(b.u64(8))],
    ]);
  },
};

// --- polling -----------------------------------------------------------------

/** pollfd array as passed in: `[{fd=3, events=POLLIN}]` */
export const pollfd: StructEntry = {
  size: 8,
  decode(b, ctx) {
    return formatArray(b, 8, ctx.strSize, (e) =>
      formatFields([
        ['fd', String(e.i32(0))],
        ['events', formatFlags(e.u16(4), 'poll_events')],
      ]),
    );
  },
};

/** pollfd array as returned, for the result: only the entries with revents, `[{fd=3, revents=POLLIN}]` */
export function formatPollRevents(b: LE, cap: number): string {
  const items: string[] = [];
  for (let o = 0; o + 8 <= b.length; o += 8) {
    const revents = b.u16(o + 6);
    if (revents)
      items.push(
        formatFields([
          ['fd', String(b.i32(o))],
          ['revents', formatFlags(revents, 'poll_events')],
        ]),
      );
  }
  return formatList(items.slice(0, cap), items.length, cap);
}

function epollEvent(e: LE): string {
  const data = e.u64(4);
  return formatFields([
    ['events', formatFlags(e.u32(0), 'epoll_events')],
    ['data', `{u32=${Number(data & 0xffffffffn)}, u64=${data}}`],
  ]);
}

/** epoll_event (12 bytes, packed on x86-64): one for epoll_ctl, an array for the waits */
export const epollEvent12: StructEntry = {
  size: 12,
  decode(b, ctx) {
    if (ctx.syscall === 'epoll_ctl') return epollEvent(b);
    return formatArray(b, 12, ctx.strSize, epollEvent);
  },
};

/** fd_set as select shows it: the set fds, `[3 4]` */
export function formatFdSet(b: LE): string {
  const fds: number[] = [];
  for (let i = 0; i < b.length * 8; i++) if ((b.u8(i >> 3) >> (i & 7)) & 1) fds.push(i);
  return `[${fds.join(' ')}]`;
}

export const fdSet: StructEntry = { size: 0, decode: (b) => formatFdSet(b) };
