"""Input and list widgets whose Enter is named in the Footer.

The Footer shows the bindings of the focused widget first: ``Input`` and ``OptionList`` bind
Enter with ``show=False``, which hides the screen's own "Enter: Next". These subclasses name it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input, OptionList


class SearchInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Choose")]


class NextInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Next")]


class ChoiceList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Choose")]
