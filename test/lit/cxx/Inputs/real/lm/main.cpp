// The vocabulary's size comes from a corpus class whose header is not here:
// the construction does not compile, but its other arguments are still read.
#include "lm.h"
#include "corpus.h"

int main() {
  const int64_t embed_size = 16;
  const int64_t hidden_size = 32;
  const int64_t num_layers = 1;
  Corpus corpus("train.txt");
  auto vocab_size = corpus.get_dictionary().size();
  WordModel model(vocab_size, embed_size, hidden_size, num_layers);
}
