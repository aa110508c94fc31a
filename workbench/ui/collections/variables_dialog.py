"""Variables and environments: the collection's variables and each environment's, edited in one
dialog. Secret values are typed masked, go to the keychain, and are never shown or written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.collections.model import Environment, Variable, name_problem
from workbench.core.secret import MASK, Secret
from workbench.ui.style import Tone, set_tone
from workbench.ui.widgets import named, note_label

COLLECTION_ROW = "Collection (every environment)"
NO_VALUE = "(no value stored)"
ROLE_SECRET = Qt.ItemDataRole.UserRole
"""On a value cell of a secret variable: the value typed now (None: keep the stored one)."""
COLUMN_NAME, COLUMN_VALUE, COLUMN_SECRET = range(3)

SecretKnown = Callable[[str, str], bool | None]
"""(environment, name) -> whether a value is stored (None: not known yet)."""


@dataclass
class VariableEdits:
    """What the dialog changed. ``environments`` holds every environment by its final name;
    ``renamed`` maps old names to new ones; ``secret_values`` the values typed (an empty
    ``Secret`` clears one), by (environment, variable), "" for the collection."""

    collection: tuple[Variable, ...]
    environments: dict[str, tuple[Variable, ...]]
    renamed: dict[str, str] = field(default_factory=dict)
    deleted: list[str] = field(default_factory=list)
    secret_values: dict[tuple[str, str], Secret] = field(default_factory=dict)


class _SecretValueDelegate(QStyledItemDelegate):
    """Secret values are typed into a masked field and never put back on screen."""

    def createEditor(  # noqa: N802 - Qt API
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        secret = (
            index.model().index(index.row(), COLUMN_SECRET).data(Qt.ItemDataRole.CheckStateRole)
        )
        if isinstance(editor, QLineEdit) and secret == Qt.CheckState.Checked.value:
            editor.setEchoMode(QLineEdit.EchoMode.Password)
            editor.setPlaceholderText("Type a new value")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QLineEdit) and editor.echoMode() == QLineEdit.EchoMode.Password:
            if not editor.isModified():  # what the user typed stays until it is committed
                editor.clear()
            return
        super().setEditorData(editor, index)

    def setModelData(  # noqa: N802 - Qt API
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QLineEdit) and editor.echoMode() == QLineEdit.EchoMode.Password:
            model.setData(index, Secret(editor.text()), ROLE_SECRET)
            model.setData(index, MASK if editor.text() else NO_VALUE)
            return
        super().setModelData(editor, model, index)


class VariablesDialog(QDialog):
    """The collection's variables and the environments', one set at a time (left), its
    variables (right): name, value, and whether it is secret."""

    def __init__(
        self,
        collection: Sequence[Variable],
        environments: Sequence[Environment],
        secret_known: SecretKnown,
        *,
        current: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("variablesDialog")
        self.setWindowTitle("Variables and environments")
        self._known = secret_known
        self._sets: dict[str, list[Variable]] = {"": list(collection)}
        self._sets.update({env.name: list(env.variables) for env in environments})
        self._origin = {env.name: env.name for env in environments}
        self._typed: dict[tuple[str, str], Secret] = {}
        self._deleted: list[str] = []
        self._shown = ""

        left = self._build_sets()
        right = self._build_table()
        self.message = note_label("variablesMessage", "Problem")
        set_tone(self.message, Tone.CLIENT_ERROR, self.palette())
        hint = QLabel(
            "Secret values go to the OS keychain and are never shown again: type a new one to "
            "replace it. Later sets win: profile, collection, then the environment chosen."
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(760, 420)
        self._fill_sets(current)

    def _build_sets(self) -> QVBoxLayout:
        self.sets_list = named(QListWidget(), "variableSetsList", "Variable sets")
        self.sets_list.currentRowChanged.connect(self.on_sets_list_current_row_changed)
        self.new_env_button = named(
            QPushButton("New"), "newEnvironmentButton", "New environment", "Named as typed above"
        )
        self.rename_env_button = named(
            QPushButton("Rename"), "renameEnvironmentButton", "Rename", "To the name typed above"
        )
        self.delete_env_button = named(QPushButton("Delete"), "deleteEnvironmentButton", "Delete")
        self.new_env_button.clicked.connect(self.on_new_env_clicked)
        self.rename_env_button.clicked.connect(self.on_rename_env_clicked)
        self.delete_env_button.clicked.connect(self.on_delete_env_clicked)
        self.name_edit = named(QLineEdit(), "environmentNameEdit", "Environment name")
        self.name_edit.setPlaceholderText("Name of a new environment, then Enter")
        self.name_edit.returnPressed.connect(self.on_new_env_clicked)

        left = QVBoxLayout()
        left.addWidget(self.sets_list, 1)
        left.addWidget(self.name_edit)
        row = QHBoxLayout()
        for button in (self.new_env_button, self.rename_env_button, self.delete_env_button):
            row.addWidget(button)
        left.addLayout(row)
        return left

    def _build_table(self) -> QVBoxLayout:
        self.table = named(QTableWidget(0, 3), "variablesTable", "Variables")
        self.table.setHorizontalHeaderLabels(["Name", "Value", "Secret"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMN_NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMN_VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMN_SECRET, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setItemDelegateForColumn(COLUMN_VALUE, _SecretValueDelegate(self.table))
        self.add_button = named(QPushButton("Add variable"), "addVariableButton", "Add variable")
        self.remove_button = named(QPushButton("Remove"), "removeVariableButton", "Remove")
        self.add_button.clicked.connect(self.on_add_clicked)
        self.remove_button.clicked.connect(self.on_remove_clicked)
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        right.addLayout(row)
        return right

    # ----------------------------------------------------------------- result

    def edits(self) -> VariableEdits:
        """What was changed (valid once the dialog was accepted)."""
        self._store_table()
        environments = {name: tuple(v) for name, v in self._sets.items() if name}
        renamed = {old: new for new, old in self._origin.items() if old and old != new}
        return VariableEdits(
            collection=tuple(self._sets[""]),
            environments=environments,
            renamed=renamed,
            deleted=list(self._deleted),
            secret_values=dict(self._typed),
        )

    # ----------------------------------------------------------------- sets

    def _fill_sets(self, current: str) -> None:
        """List the sets and show ``current``; the table's rows were stored by the caller (or
        belong to a set just deleted), so the list's row change must not store them again."""
        blocked = self.sets_list.blockSignals(True)
        self.sets_list.clear()
        self.sets_list.addItem(COLLECTION_ROW)
        names = sorted((name for name in self._sets if name), key=str.casefold)
        self.sets_list.addItems(names)
        self.sets_list.setCurrentRow(names.index(current) + 1 if current in names else 0)
        self.sets_list.blockSignals(blocked)
        self._show_set(current if current in names else "")

    def _set_at(self, row: int) -> str:
        return "" if row <= 0 else self.sets_list.item(row).text()

    @Slot(int)
    def on_sets_list_current_row_changed(self, row: int) -> None:
        """Show another set's variables (the shown one's edits are kept)."""
        self._store_table()
        self._show_set(self._set_at(row))

    def _show_set(self, name: str) -> None:
        self._shown = name
        self.table.setRowCount(0)
        for variable in self._sets[name]:
            self._append(variable)
        is_environment = bool(name)
        self.rename_env_button.setEnabled(is_environment)
        self.delete_env_button.setEnabled(is_environment)

    def _append(self, variable: Variable) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, COLUMN_NAME, QTableWidgetItem(variable.name))
        value = QTableWidgetItem(variable.value)
        if variable.secret:
            typed = self._typed.get((self._shown, variable.name))
            known = self._known(self._origin.get(self._shown, self._shown), variable.name)
            stored = bool(typed) if typed is not None else known is not False
            value.setText(MASK if stored else NO_VALUE)
            value.setData(ROLE_SECRET, typed)
        self.table.setItem(row, COLUMN_VALUE, value)
        check = QTableWidgetItem()
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if variable.secret else Qt.CheckState.Unchecked)
        self.table.setItem(row, COLUMN_SECRET, check)

    def _store_table(self) -> None:
        """The table's rows back into the set shown (secret values typed noted apart)."""
        variables = []
        for row in range(self.table.rowCount()):
            name_item, value_item = self.table.item(row, COLUMN_NAME), self.table.item(row, 0 + 1)
            check = self.table.item(row, COLUMN_SECRET)
            name = name_item.text().strip() if name_item is not None else ""
            if not name:
                continue
            secret = check is not None and check.checkState() == Qt.CheckState.Checked
            if secret:
                typed = value_item.data(ROLE_SECRET) if value_item is not None else None
                if isinstance(typed, Secret):
                    self._typed[(self._shown, name)] = typed
                variables.append(Variable(name, secret=True))
            else:
                text = value_item.text() if value_item is not None else ""
                variables.append(Variable(name, "" if text in (MASK, NO_VALUE) else text))
        self._sets[self._shown] = variables

    # ----------------------------------------------------------------- buttons

    @Slot()
    def on_add_clicked(self) -> None:
        """A new variable row, its name being edited."""
        self._append(Variable(""))
        row = self.table.rowCount() - 1
        self.table.setCurrentCell(row, COLUMN_NAME)
        item = self.table.item(row, COLUMN_NAME)
        if item is not None:
            self.table.editItem(item)

    @Slot()
    def on_remove_clicked(self) -> None:
        """Remove the selected variable (a secret one's stored value is deleted on OK)."""
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    @Slot()
    def on_new_env_clicked(self) -> None:
        """A new, empty environment named as typed below the list."""
        name = self.name_edit.text().strip()
        problem = name_problem(name, "environment name") or (
            f"There is already an environment called {name!r}." if name in self._sets else ""
        )
        if self._say(problem):
            return
        self._store_table()
        self._sets[name] = []
        self._origin[name] = ""
        self.name_edit.clear()
        self._fill_sets(name)

    @Slot()
    def on_rename_env_clicked(self) -> None:
        """Give the environment shown the name typed below the list."""
        old, new = self._shown, self.name_edit.text().strip()
        if not old:
            return
        problem = name_problem(new, "environment name") or (
            f"There is already an environment called {new!r}." if new in self._sets else ""
        )
        if self._say(problem):
            return
        self._store_table()
        self._sets[new] = self._sets.pop(old)
        self._origin[new] = self._origin.pop(old)
        self._typed = {(new if env == old else env, n): v for (env, n), v in self._typed.items()}
        self.name_edit.clear()
        self._fill_sets(new)

    @Slot()
    def on_delete_env_clicked(self) -> None:
        """Delete the environment shown (on OK, with its secret values)."""
        name = self._shown
        if not name:
            return
        del self._sets[name]
        origin = self._origin.pop(name)
        if origin:
            self._deleted.append(origin)
        self._typed = {key: value for key, value in self._typed.items() if key[0] != name}
        self._fill_sets("")

    @Slot()
    def on_buttons_accepted(self) -> None:
        """Accept when every name is a name, used once per set, and no plain value is a
        credential (it would go to a file)."""
        from workbench.core.collections.model import variable_name_problem
        from workbench.core.collections.secret_scan import extract_variable_secrets

        self._store_table()
        for set_name, variables in self._sets.items():
            where = f"In {set_name!r}" if set_name else "In the collection"
            names = [variable.name for variable in variables]
            for variable in variables:
                problem = variable_name_problem(variable.name)
                if not problem and names.count(variable.name) > 1:
                    problem = f"{variable.name} is there twice"
                if problem:
                    self._say(f"{where}: {problem}")
                    return
            _, findings = extract_variable_secrets(variables)
            if findings:
                listed = ", ".join(finding.variable for finding in findings)
                self._say(
                    f"{where}: {listed} looks like a credential; tick Secret so that its value "
                    "goes to the keychain, never to a file."
                )
                return
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Enter makes the environment typed, or ends a cell's edit: it never closes the
        editor by surprise (OK does, or Enter on OK itself)."""
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if event.key() in keys and not self.buttons.isAncestorOf(self.focusWidget()):
            event.accept()
            return
        super().keyPressEvent(event)

    def _say(self, problem: str) -> bool:
        self.message.setText(problem)
        self.message.setVisible(bool(problem))
        return bool(problem)
