//go:build !purego

#include "textflag.h"

// MARK (SSE2) sets AX to the marks of the 64 bytes at SI: each 16-byte lane (X0–X3) is compared
// with each of the R8 vectors at DX, the hits or-ed into X4–X7, whose byte masks make the
// word. Clobbers BX, R9, R10, X0–X9.
#define MARK(label) \
	MOVOU 0(SI), X0 \
	MOVOU 16(SI), X1 \
	MOVOU 32(SI), X2 \
	MOVOU 48(SI), X3 \
	PXOR  X4, X4 \
	PXOR  X5, X5 \
	PXOR  X6, X6 \
	PXOR  X7, X7 \
	MOVQ  DX, R9 \
	MOVQ  R8, R10 \
label: \
	MOVOU   (R9), X8 \
	MOVO    X8, X9 \
	PCMPEQB X0, X9 \
	POR     X9, X4 \
	MOVO    X8, X9 \
	PCMPEQB X1, X9 \
	POR     X9, X5 \
	MOVO    X8, X9 \
	PCMPEQB X2, X9 \
	POR     X9, X6 \
	PCMPEQB X3, X8 \
	POR     X8, X7 \
	ADDQ    $32, R9 \
	DECQ    R10 \
	JNZ     label \
	PMOVMSKB X4, AX \
	PMOVMSKB X5, BX \
	SHLQ     $16, BX \
	ORQ      BX, AX \
	PMOVMSKB X6, BX \
	SHLQ     $32, BX \
	ORQ      BX, AX \
	PMOVMSKB X7, BX \
	SHLQ     $48, BX \
	ORQ      BX, AX

// MASKS is the body of masksSSE2 and masksAVX2, marking blocks with mark.
#define MASKS(mark, vector, tailvector) \
	MOVQ src+0(FP), SI \
	MOVQ n+8(FP), CX \
	MOVQ dst+16(FP), DI \
	MOVQ vecs+24(FP), DX \
	MOVQ nv+32(FP), R8 \
	MOVQ CX, R11 \
	ANDQ $63, R11 \
	SHRQ $6, CX \
block: \
	mark(vector) \
	MOVQ AX, (DI) \
	ADDQ $64, SI \
	ADDQ $8, DI \
	DECQ CX \
	JNZ  block \
	TESTQ R11, R11 \
	JZ    done \
	SUBQ  $64, SI \
	ADDQ  R11, SI \
	mark(tailvector) \
	MOVQ  $64, CX \
	SUBQ  R11, CX \
	SHRQ  CX, AX \
	MOVQ  AX, (DI) \
done:

// MARKAVX2 is MARK with two 32-byte lanes (Y0, Y1) and hits or-ed into Y2, Y3.
#define MARKAVX2(label) \
	VMOVDQU 0(SI), Y0 \
	VMOVDQU 32(SI), Y1 \
	VPXOR   Y2, Y2, Y2 \
	VPXOR   Y3, Y3, Y3 \
	MOVQ    DX, R9 \
	MOVQ    R8, R10 \
label: \
	VMOVDQU  (R9), Y4 \
	VPCMPEQB Y0, Y4, Y5 \
	VPOR     Y5, Y2, Y2 \
	VPCMPEQB Y1, Y4, Y5 \
	VPOR     Y5, Y3, Y3 \
	ADDQ     $32, R9 \
	DECQ     R10 \
	JNZ      label \
	VPMOVMSKB Y2, AX \
	VPMOVMSKB Y3, BX \
	SHLQ      $32, BX \
	ORQ       BX, AX

// func masksSSE2(src *byte, n int, dst *uint64, vecs *[32]byte, nv int)
// n ≥ 64, nv ≥ 1, vecs 32 bytes apart. The blocks are 64 bytes; a last partial block is
// read as the 64 bytes ending at src+n, its word shifted right past the bytes the block
// before it marked.
TEXT ·masksSSE2(SB), NOSPLIT, $0-40
	MASKS(MARK, vector, tailvector)
	RET

// func masksAVX2(src *byte, n int, dst *uint64, vecs *[32]byte, nv int), as masksSSE2.
TEXT ·masksAVX2(SB), NOSPLIT, $0-40
	MASKS(MARKAVX2, vector, tailvector)
	VZEROUPPER
	RET

// func hasAVX2() bool: CPUID has AVX2 (leaf 7, EBX bit 5), and the OS saves the YMM
// registers (OSXSAVE and AVX in leaf 1 ECX, XCR0 bits 1 and 2).
TEXT ·hasAVX2(SB), NOSPLIT, $0-1
	XORL  AX, AX
	XORL  CX, CX
	CPUID
	CMPL  AX, $7
	JLT   no
	MOVL  $1, AX
	XORL  CX, CX
	CPUID
	ANDL  $0x18000000, CX
	CMPL  CX, $0x18000000
	JNE   no
	XORL  CX, CX
	XGETBV
	ANDL  $6, AX
	CMPL  AX, $6
	JNE   no
	MOVL  $7, AX
	XORL  CX, CX
	CPUID
	BTL   $5, BX
	JCC   no
	MOVB  $1, ret+0(FP)
	RET
no:
	MOVB  $0, ret+0(FP)
	RET
