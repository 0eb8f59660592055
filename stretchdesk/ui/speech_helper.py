"""The speech helper: a small process that owns the text-to-speech engine.

Why a process: a speech engine can block inside its constructor for as long as it likes
(speech-dispatcher does when it cannot reach an audio server), and the Qt binding holds
Python's interpreter lock while it waits, so not even another thread of the app could
run. In a process of its own, a stuck engine costs nothing but the spoken prompts.

Protocol, one line each way, tab-separated:
  app -> helper:  SAY<tab>text | VOLUME<tab>0.8 | VOICE<tab>name | QUIT
  helper -> app:  READY<tab>voice<US>voice... | ERROR<tab>message | WORD<tab>word
Prompts are queued with QTextToSpeech.enqueue, so none cuts another off.
"""

from __future__ import annotations

import sys
import threading

UNIT_SEPARATOR = "\x1f"


def protocol_line(*parts: str) -> str:
    """One line of the protocol, both ways: the parts joined by tabs, none able to break it."""
    return "\t".join(part.replace("\t", " ").replace("\n", " ") for part in parts) + "\n"


def main(engine: str | None = None) -> int:
    from PySide6.QtCore import QCoreApplication, QObject, Signal

    app = QCoreApplication(sys.argv[:1])

    def send(*parts: str) -> None:
        sys.stdout.write(protocol_line(*parts))
        sys.stdout.flush()

    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError:
        send("ERROR", "Spoken prompts are unavailable: Qt's speech module could not be loaded.")
        return 0
    available = QTextToSpeech.availableEngines()
    engines = [e for e in available if e != "mock"] if engine is None else [e for e in available if e == engine]
    if not engines:
        send("ERROR", "Spoken prompts are unavailable: no speech engine is installed (for example speech-dispatcher).")
        return 0
    speech = QTextToSpeech(engines[0])
    if speech.state() == QTextToSpeech.State.Error:
        send("ERROR", f"Spoken prompts are unavailable: the speech engine could not start ({speech.errorString() or engines[0]}).")
        return 0
    speech.sayingWord.connect(lambda word, *_: send("WORD", word))
    send("READY", UNIT_SEPARATOR.join(voice.name() for voice in speech.availableVoices()))

    class Commands(QObject):
        line = Signal(str)

    commands = Commands()

    def handle(line: str) -> None:
        verb, _, argument = line.rstrip("\n").partition("\t")
        if verb == "SAY" and argument:
            speech.enqueue(argument)
        elif verb == "VOLUME":
            try:
                speech.setVolume(max(0.0, min(1.0, float(argument))))
            except ValueError:
                pass
        elif verb == "VOICE" and argument:
            for voice in speech.availableVoices():
                if voice.name() == argument:
                    speech.setVoice(voice)
                    break
        elif verb == "QUIT":
            app.quit()

    commands.line.connect(handle)

    def read_commands() -> None:
        # stdin is read on a plain thread (reading releases the interpreter lock); each
        # line is handed to the Qt thread through a queued signal.
        for line in sys.stdin:
            commands.line.emit(line)
        commands.line.emit("QUIT")  # the app went away

    threading.Thread(target=read_commands, daemon=True).start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else None))
