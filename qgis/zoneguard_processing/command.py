# SPDX-License-Identifier: MIT
"""Finding the zoneguard command and running it under Processing's feedback.

Pure Python over the installed command: nothing here computes a number.
"""

import os
import re
import shutil
import subprocess
import threading
import time

from qgis.core import QgsProcessingException

# The Processing setting (Settings > Options > Processing > Providers >
# zoneguard) that names the command; see find_command.
SETTING = 'ZONEGUARD_COMMAND'

# The command's progress lines under ZG_PROGRESS=lines (README, "Progress
# for a host program").
PROGRESS = re.compile(r'^zoneguard: progress (\S+) (\d+)%$')

# README "Messages and exit codes".
EXIT_CLASSES = {
    2: 'usage', 3: 'input', 4: 'CRS', 5: 'geometry', 6: 'output',
    7: 'out of memory', 8: 'internal error', 130: 'interrupted',
    143: 'terminated',
}


def configured_command():
    """The Processing setting's value, '' when unset or Processing absent."""
    try:
        from processing.core.ProcessingConfig import ProcessingConfig
        return (ProcessingConfig.getSetting(SETTING) or '').strip()
    except Exception:  # settings not loaded (provider not registered)
        return ''


def find_command():
    """The command to run: the setting, else $ZONEGUARD, else zoneguard on
    PATH. The environment comes before PATH because it is the narrower
    choice (one shell, one test) while PATH is the machine's."""
    for cand, origin in ((configured_command(), 'the Processing setting'),
                         (os.environ.get('ZONEGUARD', ''), '$ZONEGUARD')):
        if cand:
            if os.path.isfile(cand) and os.access(cand, os.X_OK):
                return cand
            raise QgsProcessingException(
                'zoneguard: {} names {}, which is not an executable file'
                .format(origin, cand))
    found = shutil.which('zoneguard')
    if found:
        return found
    raise QgsProcessingException(
        'zoneguard: the command was not found: install it (README, '
        '"Installing"), or name it in Settings > Options > Processing > '
        'Providers > zoneguard, or in the ZONEGUARD environment variable')


def _drain(pipe, sink):
    for line in iter(pipe.readline, ''):
        sink.append(line.rstrip('\n'))
    pipe.close()


def _relay_progress(feedback, command, line):
    """Show a progress line of the command on the bar; False: not one."""
    m = PROGRESS.match(line)
    if m:
        feedback.setProgressText('zoneguard {}: {}'.format(command,
                                                           m.group(1)))
        feedback.setProgress(int(m.group(2)))
    return m is not None


def run(args, feedback):
    """Run `zoneguard ARGS...`; relay its progress (ZG_PROGRESS=lines: a
    line per stage and per cent) to Processing's bar, its messages,
    stop it (SIGTERM: it removes its temporary files and leaves earlier
    outputs as they were) when the user cancels. Raise on failure."""
    argv = [find_command()] + [str(a) for a in args]
    feedback.pushCommandInfo(' '.join(_quote(a) for a in argv))
    feedback.setProgress(0)
    env = dict(os.environ, ZG_PROGRESS='lines')
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            encoding='utf-8', errors='replace', env=env)
    out, err = [], []
    readers = [threading.Thread(target=_drain, args=(proc.stdout, out)),
               threading.Thread(target=_drain, args=(proc.stderr, err))]
    for t in readers:
        t.start()
    canceled = False
    shown = 0
    while proc.poll() is None:
        if feedback.isCanceled() and not canceled:
            canceled = True
            proc.terminate()
            deadline = time.monotonic() + 10
        if canceled and time.monotonic() > deadline:
            proc.kill()
        # The command's progress and messages (warnings, the closing line)
        # as they come.
        while shown < len(err):
            if not _relay_progress(feedback, args[0], err[shown]):
                feedback.pushConsoleInfo(err[shown])
            shown += 1
        time.sleep(0.05)
    for t in readers:
        t.join()
    for line in out:
        feedback.pushConsoleInfo(line)
    # A short command may be done before its progress was looked at: its
    # stages still reach the bar, in order.
    for line in err[shown:]:
        _relay_progress(feedback, args[0], line)
    rest = [line for line in err[shown:] if not PROGRESS.match(line)]
    err[:] = [line for line in err if not PROGRESS.match(line)]
    for line in rest:
        if proc.returncode == 0:
            feedback.pushConsoleInfo(line)
        else:
            feedback.reportError(line)
    if canceled:
        raise QgsProcessingException('zoneguard: canceled')
    if proc.returncode != 0:
        raise QgsProcessingException(
            'zoneguard {} failed (exit {}, {}): {}'.format(
                args[0], proc.returncode,
                EXIT_CLASSES.get(proc.returncode, 'unknown'),
                ' '.join(err)[-2000:] or 'no message'))
    feedback.setProgress(100)
    return out, err


def _quote(a):
    return a if a and all(c.isalnum() or c in '/._-=:,' for c in a) \
        else "'" + a.replace("'", "'\\''") + "'"
