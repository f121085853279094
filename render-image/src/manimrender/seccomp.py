"""The seccomp filter of the render sandbox, as a classic BPF program bubblewrap loads (``--seccomp FD``).

Written out by hand (no libseccomp needed): everything a renderer never needs is refused with an errno, so
programs fail cleanly instead of being killed. Refused: tracing and reading other processes, mounts and
new namespaces (``unshare``, ``setns``, ``clone``/``clone3`` with namespace flags), kernel keyrings, BPF,
perf, io_uring, userfaultfd, module and kexec loading, clock and host settings, device nodes (``mknod``),
terminal injection (``TIOCSTI``), and every socket family but AF_UNIX. Any other architecture or ABI
(32-bit, x32) is killed, so the numbers below cannot be dodged.
"""

from __future__ import annotations

import errno
import platform
import struct

# struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6]
_NR, _ARCH, _ARG0, _ARG1 = 0, 4, 16, 24
_LD_W_ABS, _JEQ, _JSET, _JGE, _RET = 0x20, 0x15, 0x45, 0x35, 0x06
_ALLOW = 0x7FFF0000
_KILL_PROCESS = 0x80000000


def _errno(code: int) -> int:
    return 0x00050000 | code


CLONE_NAMESPACE_FLAGS = (
    0x00000080 | 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
)  # NEWTIME NEWNS NEWCGROUP NEWUTS NEWIPC NEWUSER NEWPID NEWNET
AF_UNIX = 1
TIOCSTI, TIOCLINUX = 0x5412, 0x541C

# name: (x86_64, aarch64); None where the architecture has no such call
_SYSCALLS = {
    "ptrace": (101, 117),
    "process_vm_readv": (310, 270),
    "process_vm_writev": (311, 271),
    "kcmp": (312, 272),
    "pidfd_getfd": (438, 438),
    "mount": (165, 40),
    "umount2": (166, 39),
    "pivot_root": (155, 41),
    "chroot": (161, 51),
    "unshare": (272, 97),
    "setns": (308, 268),
    "open_tree": (428, 428),
    "move_mount": (429, 429),
    "fsopen": (430, 430),
    "fsconfig": (431, 431),
    "fsmount": (432, 432),
    "fspick": (433, 433),
    "mount_setattr": (442, 442),
    "bpf": (321, 280),
    "keyctl": (250, 219),
    "add_key": (248, 217),
    "request_key": (249, 218),
    "perf_event_open": (298, 241),
    "userfaultfd": (323, 282),
    "io_uring_setup": (425, 425),
    "io_uring_enter": (426, 426),
    "io_uring_register": (427, 427),
    "kexec_load": (246, 104),
    "kexec_file_load": (320, 294),
    "init_module": (175, 105),
    "finit_module": (313, 273),
    "delete_module": (176, 106),
    "reboot": (169, 142),
    "swapon": (167, 224),
    "swapoff": (168, 225),
    "acct": (163, 89),
    "settimeofday": (164, 170),
    "clock_settime": (227, 112),
    "adjtimex": (159, 171),
    "clock_adjtime": (305, 266),
    "sethostname": (170, 161),
    "setdomainname": (171, 162),
    "syslog": (103, 116),
    "quotactl": (179, 60),
    "iopl": (172, None),
    "ioperm": (173, None),
    "open_by_handle_at": (304, 265),
    "name_to_handle_at": (303, 264),
    "fanotify_init": (300, 262),
    "lookup_dcookie": (212, 18),
    "mknod": (133, None),
    "mknodat": (259, 33),
    "uselib": (134, None),
    "vhangup": (153, 58),
}
_CLONE, _CLONE3, _SOCKET, _SOCKETPAIR, _IOCTL = "clone", "clone3", "socket", "socketpair", "ioctl"
_SPECIAL = {_CLONE: (56, 220), _CLONE3: (435, 435), _SOCKET: (41, 198), _SOCKETPAIR: (53, 199), _IOCTL: (16, 29)}
_ARCHES = {"x86_64": (0, 0xC000003E), "aarch64": (1, 0xC00000B7)}


def _ins(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("<HBBI", code, jt, jf, k)


def supported() -> bool:
    return platform.machine() in _ARCHES


def program(machine: str | None = None) -> bytes:
    """The filter for this machine's architecture, as the bytes of a ``struct sock_filter`` array."""
    index, audit_arch = _ARCHES[machine or platform.machine()]
    special = {name: numbers[index] for name, numbers in _SPECIAL.items()}
    out = [_ins(_LD_W_ABS, _ARCH), _ins(_JEQ, audit_arch, 1, 0), _ins(_RET, _KILL_PROCESS), _ins(_LD_W_ABS, _NR)]
    if index == 0:  # x32 ABI numbers carry bit 30
        out += [_ins(_JGE, 0x40000000, 0, 1), _ins(_RET, _KILL_PROCESS)]
    for numbers in _SYSCALLS.values():
        number = numbers[index]
        if number is not None:
            out += [_ins(_JEQ, number, 0, 1), _ins(_RET, _errno(errno.EPERM))]
    # clone3 passes its flags in memory a filter cannot read: ENOSYS makes glibc fall back to clone
    out += [_ins(_JEQ, special[_CLONE3], 0, 1), _ins(_RET, _errno(errno.ENOSYS))]
    out += [
        _ins(_JEQ, special[_CLONE], 0, 4),
        _ins(_LD_W_ABS, _ARG0),
        _ins(_JSET, CLONE_NAMESPACE_FLAGS, 0, 1),
        _ins(_RET, _errno(errno.EPERM)),
        _ins(_RET, _ALLOW),
    ]
    for name in (_SOCKET, _SOCKETPAIR):
        out += [
            _ins(_JEQ, special[name], 0, 4),
            _ins(_LD_W_ABS, _ARG0),
            _ins(_JEQ, AF_UNIX, 0, 1),
            _ins(_RET, _ALLOW),
            _ins(_RET, _errno(errno.EAFNOSUPPORT)),
        ]
    out += [
        _ins(_JEQ, special[_IOCTL], 0, 4),
        _ins(_LD_W_ABS, _ARG1),
        _ins(_JEQ, TIOCSTI, 1, 0),
        _ins(_JEQ, TIOCLINUX, 0, 1),
        _ins(_RET, _errno(errno.EPERM)),
    ]
    out.append(_ins(_RET, _ALLOW))
    return b"".join(out)
