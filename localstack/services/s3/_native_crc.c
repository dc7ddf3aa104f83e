/* CRC64NVME and CRC32C (S3's default and an SDK's common checksum) at native speed: slicing-by-8 tables,
   the GIL released over large buffers. Optional: crc.py computes the same values in Python when this
   module could not be compiled at install time. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

static uint64_t crc64_table[8][256];
static uint32_t crc32c_table[8][256];

/* Below this many bytes, releasing and taking back the GIL costs more than it frees. */
#define RELEASE_GIL_BYTES 65536

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SLICE_BY_8 1
#else
#define SLICE_BY_8 0
#endif

static void build_tables(void) {
    for (int byte = 0; byte < 256; byte++) {
        uint64_t c64 = (uint64_t)byte;
        uint32_t c32 = (uint32_t)byte;
        for (int bit = 0; bit < 8; bit++) {
            c64 = (c64 & 1) ? (c64 >> 1) ^ 0x9A6C9329AC4BC9B5ULL : c64 >> 1;
            c32 = (c32 & 1) ? (c32 >> 1) ^ 0x82F63B78U : c32 >> 1;
        }
        crc64_table[0][byte] = c64;
        crc32c_table[0][byte] = c32;
    }
    for (int k = 1; k < 8; k++) {
        for (int byte = 0; byte < 256; byte++) {
            uint64_t p64 = crc64_table[k - 1][byte];
            uint32_t p32 = crc32c_table[k - 1][byte];
            crc64_table[k][byte] = (p64 >> 8) ^ crc64_table[0][p64 & 0xFF];
            crc32c_table[k][byte] = (p32 >> 8) ^ crc32c_table[0][p32 & 0xFF];
        }
    }
}

static uint64_t crc64_update(uint64_t crc, const unsigned char *data, Py_ssize_t length) {
#if SLICE_BY_8
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, data, 8);
        crc ^= word;
        crc = crc64_table[7][crc & 0xFF] ^ crc64_table[6][(crc >> 8) & 0xFF] ^
              crc64_table[5][(crc >> 16) & 0xFF] ^ crc64_table[4][(crc >> 24) & 0xFF] ^
              crc64_table[3][(crc >> 32) & 0xFF] ^ crc64_table[2][(crc >> 40) & 0xFF] ^
              crc64_table[1][(crc >> 48) & 0xFF] ^ crc64_table[0][crc >> 56];
        data += 8;
        length -= 8;
    }
#endif
    while (length-- > 0) {
        crc = crc64_table[0][(crc ^ *data++) & 0xFF] ^ (crc >> 8);
    }
    return crc;
}

static uint32_t crc32c_update(uint32_t crc, const unsigned char *data, Py_ssize_t length) {
#if SLICE_BY_8
    while (length >= 8) {
        uint32_t low;
        memcpy(&low, data, 4);
        low ^= crc;
        crc = crc32c_table[7][low & 0xFF] ^ crc32c_table[6][(low >> 8) & 0xFF] ^
              crc32c_table[5][(low >> 16) & 0xFF] ^ crc32c_table[4][low >> 24] ^
              crc32c_table[3][data[4]] ^ crc32c_table[2][data[5]] ^ crc32c_table[1][data[6]] ^
              crc32c_table[0][data[7]];
        data += 8;
        length -= 8;
    }
#endif
    while (length-- > 0) {
        crc = crc32c_table[0][(crc ^ *data++) & 0xFF] ^ (crc >> 8);
    }
    return crc;
}

static PyObject *native_crc64nvme(PyObject *self, PyObject *args) {
    Py_buffer view;
    unsigned long long previous = 0;
    if (!PyArg_ParseTuple(args, "y*|K:crc64nvme", &view, &previous)) {
        return NULL;
    }
    uint64_t crc = ~(uint64_t)previous;
    if (view.len >= RELEASE_GIL_BYTES) {
        Py_BEGIN_ALLOW_THREADS
        crc = crc64_update(crc, view.buf, view.len);
        Py_END_ALLOW_THREADS
    } else {
        crc = crc64_update(crc, view.buf, view.len);
    }
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLongLong(~crc);
}

static PyObject *native_crc32c(PyObject *self, PyObject *args) {
    Py_buffer view;
    unsigned long previous = 0;
    if (!PyArg_ParseTuple(args, "y*|k:crc32c", &view, &previous)) {
        return NULL;
    }
    uint32_t crc = ~(uint32_t)previous;
    if (view.len >= RELEASE_GIL_BYTES) {
        Py_BEGIN_ALLOW_THREADS
        crc = crc32c_update(crc, view.buf, view.len);
        Py_END_ALLOW_THREADS
    } else {
        crc = crc32c_update(crc, view.buf, view.len);
    }
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(~crc);
}

static PyMethodDef methods[] = {
    {"crc64nvme", native_crc64nvme, METH_VARARGS,
     "crc64nvme(data, crc=0): the CRC64NVME of data, continuing from the CRC of what came before it."},
    {"crc32c", native_crc32c, METH_VARARGS,
     "crc32c(data, crc=0): the CRC32C of data, continuing from the CRC of what came before it."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_native_crc", NULL, -1, methods};

PyMODINIT_FUNC PyInit__native_crc(void) {
    build_tables();
    return PyModule_Create(&module);
}
