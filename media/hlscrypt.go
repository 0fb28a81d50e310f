package media

import (
	"crypto/aes"
	"crypto/cipher"
	"errors"
)

// DecryptSegment undoes HLS's AES-128 on one segment: CBC under iv with
// PKCS#7 padding. It decrypts data in place and returns the plaintext, a
// prefix of data; callers holding shared bytes pass a copy.
func DecryptSegment(block cipher.Block, iv, data []byte) ([]byte, error) {
	if len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, errors.New("not a whole number of AES blocks")
	}
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(data, data)
	pad := int(data[len(data)-1])
	if pad == 0 || pad > aes.BlockSize || pad > len(data) {
		return nil, errors.New("bad padding: wrong key?")
	}
	for _, b := range data[len(data)-pad:] {
		if int(b) != pad {
			return nil, errors.New("bad padding: wrong key?")
		}
	}
	return data[:len(data)-pad], nil
}
