# Messages of the render area. English.

## Reading files (src/fsread.rs).

render-not-a-file = it is { $what ->
        [fifo] a FIFO (named pipe)
        [char-device] a character device
        [block-device] a block device
        [socket] a socket
        [directory] a directory
       *[other] not a regular file
    }, not a regular file: give a regular file
render-file-over-limit = it is { $size }, over the limit of { $limit }
