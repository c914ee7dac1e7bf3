/* For the tests under wine only: hold a file open as Excel holds a workbook
   it has open (no sharing), until killed, so that matome.exe meets the
   lock. Prints "held" once the file is held. */
#include <windows.h>
#include <stdio.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc < 2)
        return 2;
    HANDLE file = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE)
        return 1;
    printf("held\n");
    fflush(stdout);
    Sleep(120000);
    CloseHandle(file);
    return 0;
}
