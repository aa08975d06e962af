// Railroad diagrams of the grammar, generated from the parser itself by chevrotain, so that the
// pictures in grammar/diagrams.html can never drift from what the parser accepts (a test checks
// that the committed file is what this function produces).
import { createSyntaxDiagramsCode } from 'chevrotain';
import { cepParser } from './parser.js';

/** The HTML page of railroad diagrams for every rule of the .cep grammar. */
export function syntaxDiagramsHtml(): string {
  return createSyntaxDiagramsCode(cepParser.getSerializedGastProductions());
}
