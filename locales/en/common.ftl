# Labels and the frame of every error (src/error.rs). English.
untranslated = { $text }
label-hint = hint
label-line-column = line { $line }, column { $column }
label-error = error
label-warning = warning
label-note = note
error-layout = layout { $file }: { $key }: { $message }
error-font = font { $file }: { $message }
error-docx = docx: { $message }
error-pdf = pdf: { $message }
error-preview = preview: { $message }
error-import = import: { $message }
io-not-found = no such file or directory
io-permission-denied = permission denied
io-already-exists = the file already exists
io-is-a-directory = it is a folder, not a file
io-not-a-directory = a part of the path is not a folder
io-storage-full = the disk is full
io-read-only = the file system is read-only
io-invalid-data = the data is not valid: { $text }
# A text already made in both languages (a message inside another one).
text-in-both = { $en }{ $vi ->
       *[other] {""}
    }
