/* For the tests under wine only, never shipped. Rust's standard library on
   Windows takes its random numbers from bcryptprimitives.dll's ProcessPrng,
   which Windows 10 and later have and wine 8 does not. This stands in for
   it beside matome.exe, over advapi32's RtlGenRandom (SystemFunction036). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
