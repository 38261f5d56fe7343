"""The pipeline board (kanban): a column per stage, cards painted by one delegate."""

from ui.board.page import BoardPage

__all__ = ["BoardPage"]
