/** The tag byte of each value in the binary form (src/binary.h), shared by the writer and reader. */
export const TAG_NULL = 0;
export const TAG_FALSE = 1;
export const TAG_TRUE = 2;
export const TAG_INT32 = 3;
export const TAG_FLOAT64 = 4;
export const TAG_STR8 = 5;
export const TAG_STR32 = 6;
export const TAG_ARRAY = 7;
export const TAG_OBJECT = 8;
