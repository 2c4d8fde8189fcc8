"""Help that fits the person: the UK services in prompts/help.yaml, chosen by who is asking and what happened."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from plainlaw.prompts import PromptsError, load_yaml
from plainlaw.situation import Situation


@dataclass(frozen=True)
class Service:
    """A UK help service as listed in prompts/help.yaml."""

    id: str
    name: str
    for_whom: str
    how: str
    url: str = ""
    tel: str = ""
    short: str = ""

    def line(self) -> str:
        return f"{self.short or self.name}."


@dataclass(frozen=True)
class HelpChoice:
    group: str
    empathy: str  # messages.yaml keys: a first line for the person, and the line before the services
    intro: str
    services: tuple[Service, ...]


class Help:
    """Chooses services for a situation from the groups in help.yaml (first match wins)."""

    def __init__(self, prompts_dir: Path) -> None:
        data = load_yaml(prompts_dir, "help.yaml")
        self.services = {sid: Service(sid, s["name"], s["for"], s["how"], s.get("url", ""), str(s.get("tel", "")),
                                      s.get("short", "")) for sid, s in data["services"].items()}
        self.groups: list[dict[str, Any]] = data["groups"]
        self.unharmed_empathy: dict[str, str] = data.get("unharmed_empathy") or {}
        for group in self.groups:
            listed = [*group["services"], *(sid for alt in (group.get("instead") or {}).values()
                                             for sid in alt["services"])]
            unknown = [sid for sid in listed if sid not in self.services]
            if unknown:
                raise PromptsError(f"help.yaml group {group['name']}: unknown service(s) {', '.join(unknown)}")

    @staticmethod
    def _matches(group: dict[str, Any], s: Situation) -> bool:
        return all(getattr(s, field) in values for field, values in (group.get("when") or {}).items())

    def choose(self, s: Situation) -> HelpChoice:
        """The help for this person. A group marked `and_next` adds the next matching group's services."""
        chosen: list[str] = []
        intro, name, empathy = "", "", ""
        carry = False
        for group in self.groups:
            if not self._matches(group, s):
                continue
            services, group_intro = self._for_setting(group, s)
            if not intro:
                intro, name, empathy = group_intro, group["name"], group["empathy"]
            chosen += [sid for sid in services if sid not in chosen]
            carry = bool(group.get("and_next")) and not carry
            if not carry:
                break
            # Someone in danger gets 999 first, then the help for who they otherwise are: the next group is
            # matched with the role the reader gave them apart from the one this group answered.
            s = replace(s, role=self._role_besides(s, set((group.get("when") or {}).get("role", ()))))
        if s.role == "none" and not s.self_pictured:
            # nobody is read as harmed (a question about a classmate, a what-if): no "I'm sorry this is happening"
            empathy = self.unharmed_empathy.get(empathy, empathy)
        return HelpChoice(name, empathy, intro, tuple(self.services[sid] for sid in chosen))

    @staticmethod
    def _for_setting(group: dict[str, Any], s: Situation) -> tuple[list[str], str]:
        """The group's services and intro, or its `instead` for the setting the person says they are in (the
        safeguarding lead themselves, someone working with young people outside a school)."""
        setting = next((alt for flag, alt in (group.get("instead") or {}).items() if getattr(s, flag)), None)
        if setting is None:
            return list(group["services"]), group["intro"]
        return list(setting["services"]), setting["intro"]

    @staticmethod
    def _role_besides(s: Situation, answered: set[str]) -> str:
        if s.role not in answered:
            return s.role
        if s.self_pictured and "victim" not in answered:
            return "victim"  # "everyone has seen the fake of me, I can't go on": 999, then help as the one harmed
        others = {k: v for k, v in s.scores.get("role", {}).items() if k not in answered | {"none"}}
        # someone in danger now is someone harmed unless the reader leans to another part in it (who did it, who
        # came across it, whose thoughts): "none" would leave them 999 and nothing for the harm itself
        return max(others, key=others.get) if others else "victim"

    def by_ids(self, ids: list[str]) -> tuple[Service, ...]:
        return tuple(self.services[sid] for sid in ids if sid in self.services)
