; Inno Setup script: installs the PyInstaller bundle (dist\leadkeeper) for the current user.
;
; Build on Windows, after `pyinstaller --noconfirm --distpath dist --workpath build
; installer\leadkeeper.spec` (run from the project root):
;
;   iscc /DAppVersion=0.1.0 installer\windows\leadkeeper.iss
;
; (AppVersion defaults to the value below; scripts can pass app.__version__). Output:
; dist\leadkeeper-<version>-windows-x64-setup.exe. Written for Inno Setup 6.3+; it was
; not compiled on the Linux machine that wrote it (Inno Setup runs on Windows only).
;
; What the broker gets: Leadkeeper in %LOCALAPPDATA%\Programs\Leadkeeper (no administrator
; rights needed), a Start-menu shortcut, an optional desktop shortcut, and an optional
; "Start Leadkeeper when I sign in" entry in the per-user Run key (off unless ticked;
; installer\autostart.md explains why the Run key). Uninstalling removes the program,
; the shortcuts and the Run value, and never the data in %LOCALAPPDATA%\Leadkeeper.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Leadkeeper"
#define AppExe "Leadkeeper.exe"
#define CliExe "leadkeeper-cli.exe"
#define BundleDir "..\..\dist\leadkeeper"

[Setup]
; A fixed AppId ties upgrades and the uninstaller together: never change it.
AppId={{6F1D7A52-3C1B-4E8B-9A57-0C2E4B1D9F31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install only: {autopf} is %LOCALAPPDATA%\Programs and HKCU is the broker's own
; hive (an administrator install would write the Run value into the wrong account).
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\..\build\leadkeeper\icons\leadkeeper.ico
UninstallDisplayIcon={app}\{#AppExe}
OutputDir=..\..\dist
OutputBaseFilename=leadkeeper-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Upgrading while Leadkeeper runs (in the tray): ask to close it, then restart it.
CloseApplications=yes
RestartApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; \
    GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "autostart"; Description: "Start Leadkeeper when I sign in (for follow-up reminders)"; \
    GroupDescription: "Reminders:"; Flags: unchecked

[Files]
; The whole one-folder bundle: Leadkeeper.exe, leadkeeper-cli.exe and _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; \
    Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the bundle's libraries wholesale, so no stale DLL survives.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; \
    Tasks: desktopicon

[Registry]
; Start on sign-in: the same value the app's own settings toggle writes and removes.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; \
    ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#AppExe}"""; \
    Flags: uninsdeletevalue; Tasks: autostart
; Ticking the task again must win over an earlier "Disable" in Task Manager.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"; \
    ValueType: none; ValueName: "{#AppName}"; Flags: deletevalue; Tasks: autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; \
    Flags: nowait postinstall skipifsilent

[UninstallRun]
; Quit a running copy (it may sit in the tray) so its files can be removed.
Filename: "{sys}\taskkill.exe"; Parameters: "/IM {#AppExe} /F"; Flags: runhidden; \
    RunOnceId: "StopLeadkeeper"

[UninstallDelete]
; Only what the installer put there; %LOCALAPPDATA%\Leadkeeper (the database) stays.
Type: filesandordirs; Name: "{app}\_internal"
